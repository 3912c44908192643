import { expect, test } from "vitest";
import { siteOrigin } from "./origin";

test("without NEXTAUTH_URL, a link points at the host the request was sent to, not the address the server listens on", () => {
  expect(process.env.NEXTAUTH_URL ?? "").toBe("");
  const request = new Request("http://localhost:3000/api/v1/teams/t/invitations", { headers: { host: "cron.internal:8080" } });
  expect(siteOrigin(request)).toBe("http://cron.internal:8080");
});

test("behind a proxy that forwards the host and scheme, the link names them", () => {
  const request = new Request("http://localhost:3000/x", { headers: { host: "10.0.0.5:3000", "x-forwarded-host": "cron.example.com", "x-forwarded-proto": "https" } });
  expect(siteOrigin(request)).toBe("https://cron.example.com");
});
