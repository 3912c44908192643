import { expect, test } from "vitest";
import { isCrossOrigin } from "./require-user";

const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/tokens", { method: "POST", headers });

test.each([
  [{ host: "localhost:3000", origin: "http://localhost:3000" }, false],
  [{ host: "localhost:3000" }, false],
  [{ host: "localhost:3000", origin: "https://evil.example" }, true],
  [{ host: "localhost:3000", origin: "null" }, true],
  [{ host: "localhost:3000", "sec-fetch-site": "cross-site" }, true],
  [{ host: "internal:3000", "x-forwarded-host": "cron.example.com", origin: "https://cron.example.com" }, false],
])("%j is cross-origin: %s", (headers, expected) => {
  expect(isCrossOrigin(req(headers))).toBe(expected);
});
