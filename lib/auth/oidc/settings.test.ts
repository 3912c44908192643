import { expect, test } from "vitest";
import { loadEnv } from "../../env";
import { discoveryUrl, oidcSettings } from "./settings";

test.each([
  ["https://accounts.google.com", "https://accounts.google.com/.well-known/openid-configuration"],
  ["https://id.example.com/realms/main", "https://id.example.com/realms/main/.well-known/openid-configuration"],
  ["https://auth.example.com/application/o/almanac/", "https://auth.example.com/application/o/almanac/.well-known/openid-configuration"],
])("the discovery document of issuer %s is under its path", (issuer, url) => {
  expect(discoveryUrl(issuer)).toBe(url);
});

test("single sign-on is off without OIDC_*, and on with all three and the button's name", () => {
  expect(oidcSettings(loadEnv({}))).toBeNull();
  const e = loadEnv({ OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "almanac", OIDC_CLIENT_SECRET: "s3cret" });
  expect(oidcSettings(e)).toEqual({ issuer: "https://id.example.com", clientId: "almanac", clientSecret: "s3cret", name: "SSO" });
});
