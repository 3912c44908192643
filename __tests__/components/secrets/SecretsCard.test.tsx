// @vitest-environment happy-dom
// The Secrets card by role: every member sees names, references and who set them; admins add,
// replace (a password field; the value is never shown) and delete, and see why a delete is refused.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { SecretsCard } from "../../../components/secrets/SecretsCard";
import type { SecretOut, TeamOut } from "../../../lib/api";
import { apiError, json, mockApi } from "../schedules/support";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh, push: vi.fn(), replace: vi.fn() }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  refresh.mockClear();
});

const team = (role: TeamOut["role"]) => ({ id: "t1", name: "Ops", personal: false, role, createdAt: "2026-11-01T00:00:00.000Z" }) as TeamOut;
const secret = (name: string): SecretOut => ({ name, reference: `{{secrets.${name}}}`, createdAt: "2026-12-01T00:00:00.000Z", updatedAt: "2026-12-02T00:00:00.000Z", updatedBy: "ada@example.com" });
const SECRETS = [secret("API_TOKEN"), secret("DB_PASS")];

test("a viewer sees each secret's name, its reference to copy and who set it, and no controls to change them", () => {
  render(<SecretsCard team={team("viewer")} secrets={SECRETS} />);
  const card = screen.getByRole("region", { name: "Secrets" });
  expect(card.textContent).toContain("needs the admin role");
  const items = within(card).getAllByRole("listitem");
  expect(items.map((li) => li.querySelector("code")?.textContent)).toEqual(["{{secrets.API_TOKEN}}", "{{secrets.DB_PASS}}"]);
  expect(items[0].textContent).toContain("by ada@example.com");
  expect(screen.getAllByRole("button").map((b) => b.getAttribute("aria-label") ?? b.textContent)).toEqual(["Copy {{secrets.API_TOKEN}}", "Copy {{secrets.DB_PASS}}"]);
});

test("an admin adds a secret: the value is typed into a password field, and a bad name is named before anything is sent", async () => {
  const calls = mockApi({ "POST /api/v1/teams/t1/secrets": ({ body }) => json(secret((body as { name: string }).name), 201) });
  render(<SecretsCard team={team("admin")} secrets={[]} />);
  fireEvent.click(screen.getByRole("button", { name: "Add secret" }));
  const value = screen.getByLabelText("Value") as HTMLInputElement;
  expect(value.type).toBe("password");
  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "has-dash" } });
  fireEvent.change(value, { target: { value: "s3cret" } });
  fireEvent.click(screen.getAllByRole("button", { name: "Add secret" }).at(-1)!);
  await screen.findByText(/The name must be a letter or _/);
  expect(calls).toHaveLength(0);

  fireEvent.change(screen.getByLabelText("Name"), { target: { value: "NEW_ONE" } });
  fireEvent.click(screen.getAllByRole("button", { name: "Add secret" }).at(-1)!);
  await waitFor(() => expect(refresh).toHaveBeenCalled());
  expect(calls).toEqual([expect.objectContaining({ method: "POST", path: "/api/v1/teams/t1/secrets", body: { name: "NEW_ONE", value: "s3cret" } })]);
});

test("an admin replaces a value; the server's message about the value is shown by the field", async () => {
  let status = 400;
  const calls = mockApi({
    "PUT /api/v1/teams/t1/secrets/DB_PASS": () => (status === 400 ? apiError(400, "validation_error", "value: value must be at most 64 KiB", { value: "value must be at most 64 KiB" }) : json(secret("DB_PASS"))),
  });
  render(<SecretsCard team={team("owner")} secrets={SECRETS} />);
  fireEvent.click(screen.getByRole("button", { name: "Replace value of DB_PASS" }));
  const field = screen.getByLabelText("New value") as HTMLInputElement;
  expect(field.type).toBe("password");
  expect(field.value).toBe(""); // the saved value is never shown
  fireEvent.change(field, { target: { value: "too big, say" } });
  fireEvent.click(screen.getByRole("button", { name: "Replace value" }));
  await screen.findByText("Value must be at most 64 KiB");
  status = 200;
  fireEvent.click(screen.getByRole("button", { name: "Replace value" }));
  await waitFor(() => expect(refresh).toHaveBeenCalled());
  expect(calls.at(-1)).toMatchObject({ method: "PUT", body: { value: "too big, say" } });
});

test("deleting asks first, and a secret still in use is refused with the server's list", async () => {
  mockApi({
    "DELETE /api/v1/teams/t1/secrets/API_TOKEN": () => apiError(409, "conflict", 'The secret "API_TOKEN" is still used by schedule "nightly": stop using {{secrets.API_TOKEN}} there first'),
  });
  render(<SecretsCard team={team("admin")} secrets={SECRETS} />);
  fireEvent.click(screen.getByRole("button", { name: "Delete API_TOKEN" }));
  fireEvent.click(screen.getByRole("button", { name: "Delete" }));
  await screen.findByText(/is still used by schedule "nightly"/);
  expect(refresh).not.toHaveBeenCalled();
});
