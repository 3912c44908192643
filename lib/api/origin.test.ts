import { expect, test } from "vitest";
import { siteOrigin } from "./origin";

test("without NEXTAUTH_URL, a link points at the host the request was sent to, not the address the server listens on", () => {
  expect(process.env.NEXTAUTH_URL ?? "").toBe("");
  const request = new Request("http://localhost:3000/api/v1/teams/t/invitations", { headers: { host: "cron.internal:8080" } });
  expect(siteOrigin(request)).toBe("http://cron.internal:8080");
});
