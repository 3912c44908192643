// @vitest-environment happy-dom
// The Model endpoint card of Team settings: an admin saves the URL, model and key secret's name
// (sent as a {{secrets.NAME}} reference), sees the API's refusals on their fields, and goes back
// to the operator's endpoint; a member below admin sees it read-only.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { LlmEndpointCard } from "../../../components/teams/LlmEndpointCard";
import type { LlmEndpointOut, TeamOut } from "../../../lib/api";
import { apiError, json, mockApi, renderWithToasts } from "../schedules/support";

const router = vi.hoisted(() => ({ refresh: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  router.refresh.mockClear();
});

const team = (role: TeamOut["role"]): TeamOut => ({ id: "t1", name: "Platform", role, personal: false });
const none: LlmEndpointOut = { configured: false, url: null, model: null, apiKey: null, operatorDefault: { available: true, model: "llama3.1" } };
const saved: LlmEndpointOut = { configured: true, url: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: "{{secrets.OPENAI_KEY}}", operatorDefault: none.operatorDefault };

test("an admin saves the endpoint: the key's secret name goes out as a reference", async () => {
  const calls = mockApi({ "PUT /api/v1/teams/t1/llm-endpoint": () => json(saved) });
  renderWithToasts(<LlmEndpointCard team={team("admin")} endpoint={none} />);
  expect(screen.getByText("This team's llm jobs use the operator's endpoint (model llama3.1) until an endpoint is set here.")).toBeTruthy();
  fireEvent.change(screen.getByLabelText("URL"), { target: { value: "https://api.openai.com/v1" } });
  fireEvent.change(screen.getByLabelText("Model"), { target: { value: "gpt-4o-mini" } });
  fireEvent.change(screen.getByLabelText("API key secret"), { target: { value: "OPENAI_KEY" } });
  fireEvent.click(screen.getByRole("button", { name: "Save endpoint" }));
  await waitFor(() => expect(router.refresh).toHaveBeenCalled());
  expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([["PUT", "/api/v1/teams/t1/llm-endpoint", { url: "https://api.openai.com/v1", model: "gpt-4o-mini", apiKey: "{{secrets.OPENAI_KEY}}" }]]);
});

test("the API's refusal is shown on its field; a bad URL is caught before sending", async () => {
  const calls = mockApi({
    "PUT /api/v1/teams/t1/llm-endpoint": () => apiError(400, "validation_error", "apiKey: ...", { apiKey: 'this team has no secret named "NOPE"' }),
  });
  renderWithToasts(<LlmEndpointCard team={team("owner")} endpoint={none} />);
  fireEvent.change(screen.getByLabelText("URL"), { target: { value: "ftp://models.example.com" } });
  fireEvent.click(screen.getByRole("button", { name: "Save endpoint" }));
  expect(await screen.findByText("must be an http:// or https:// URL, not ftp://")).toBeTruthy();
  expect(calls).toEqual([]);

  fireEvent.change(screen.getByLabelText("URL"), { target: { value: "https://models.example.com/v1" } });
  fireEvent.change(screen.getByLabelText("API key secret"), { target: { value: "NOPE" } });
  fireEvent.click(screen.getByRole("button", { name: "Save endpoint" }));
  expect(await screen.findByText('this team has no secret named "NOPE"')).toBeTruthy();
  expect(screen.getByLabelText("API key secret").getAttribute("aria-invalid")).toBe("true");
});

test("an admin goes back to the operator's endpoint", async () => {
  const calls = mockApi({ "DELETE /api/v1/teams/t1/llm-endpoint": () => new Response(null, { status: 204 }) });
  renderWithToasts(<LlmEndpointCard team={team("admin")} endpoint={saved} />);
  expect((screen.getByLabelText("API key secret") as HTMLInputElement).value).toBe("OPENAI_KEY");
  fireEvent.click(screen.getByRole("button", { name: "Use the operator's endpoint" }));
  await waitFor(() => expect(router.refresh).toHaveBeenCalled());
  expect(calls.map((c) => [c.method, c.path])).toEqual([["DELETE", "/api/v1/teams/t1/llm-endpoint"]]);
});

test("an editor sees the endpoint read-only, and why", () => {
  mockApi({});
  renderWithToasts(<LlmEndpointCard team={team("editor")} endpoint={saved} />);
  expect(screen.getByText("Where this team's llm jobs send their prompts; changing it needs the admin role.")).toBeTruthy();
  for (const label of ["URL", "Model", "API key secret"]) expect(screen.getByLabelText(label).hasAttribute("disabled")).toBe(true);
  expect((screen.getByLabelText("URL") as HTMLInputElement).value).toBe("https://api.openai.com/v1");
  expect(screen.queryByRole("button", { name: "Save endpoint" })).toBeNull();
  expect(screen.queryByRole("button", { name: "Use the operator's endpoint" })).toBeNull();
});
