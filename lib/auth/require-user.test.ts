// The checks on a write authenticated by the session cookie (CSRF), request by request; the same
// attacks against a real server are in __tests__/api/abuse.http.test.ts.
import { expect, test } from "vitest";
import { ApiError } from "../api/errors";
import { checkCookieWrite } from "./require-user";

const JSON_BODY = { "content-type": "application/json", "content-length": "2" };
const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/v1/tokens", { method: "POST", headers });

function refusal(headers: Record<string, string>): string | null {
  try {
    checkCookieWrite(req(headers));
    return null;
  } catch (err) {
    return err instanceof ApiError ? `${err.status} ${err.message}` : String(err);
  }
}

test.each([
  [{ host: "localhost:3000", origin: "http://localhost:3000", ...JSON_BODY }],
  [{ host: "localhost:3000", "sec-fetch-site": "same-origin", ...JSON_BODY }],
  [{ host: "localhost:3000", origin: "http://localhost:3000" }], // no body: DELETE, Run now
  [{ host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/merge-patch+json", "content-length": "2" }],
  [{ host: "internal:3000", "x-forwarded-host": "cron.example.com", origin: "https://cron.example.com", ...JSON_BODY }],
])("accepts %j", (headers) => {
  expect(refusal(headers)).toBeNull();
});

test.each([
  [{ host: "localhost:3000", ...JSON_BODY }, /^403 .*must carry an Origin header/],
  [{ host: "localhost:3000", origin: "https://evil.example", ...JSON_BODY }, /^403 .*Origin does not match/],
  [{ host: "localhost:3000", origin: "null", ...JSON_BODY }, /^403 .*Origin does not match/],
  [{ host: "localhost:3000", "sec-fetch-site": "cross-site", origin: "http://localhost:3000", ...JSON_BODY }, /^403 .*Sec-Fetch-Site: cross-site/],
  [{ host: "localhost:3000", "sec-fetch-site": "same-site", ...JSON_BODY }, /^403 .*Sec-Fetch-Site: same-site/],
  [{ host: "localhost:3000", origin: "http://localhost:3000", "content-type": "text/plain", "content-length": "2" }, /^415 .*application\/json/],
  [{ host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" }, /^415 /],
  [{ host: "localhost:3000", "sec-fetch-site": "same-origin", "content-length": "2" }, /^415 /],
])("refuses %j", (headers, message) => {
  expect(refusal(headers)).toMatch(message);
});
