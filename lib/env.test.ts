import path from "node:path";
import { expect, test } from "vitest";
import { EnvError, loadEnv } from "./env";

test("an empty environment gets the documented defaults", () => {
  const e = loadEnv({});
  expect(e).toMatchObject({ PORT: 3000, DATA_DIR: "./data", ALLOW_REGISTRATION: true, ACCESS_TOKEN_TTL_SECONDS: 3600, LOG_LEVEL: "info" });
  expect(e.DATABASE_URL).toBeUndefined();
  expect(e.dataDir).toBe(path.resolve("data"));
});

test("empty strings count as unset, as in a copied .env.example", () => {
  const e = loadEnv({ DATABASE_URL: "", AUTH_SECRET: "", NEXTAUTH_URL: "" });
  expect(e.DATABASE_URL).toBeUndefined();
  expect(e.AUTH_SECRET).toBeUndefined();
});

test.each([
  ["false", false],
  ["0", false],
  ["no", false],
  ["TRUE", null],
  ["yes", true],
])("ALLOW_REGISTRATION=%s", (value, expected) => {
  if (expected === null) expect(() => loadEnv({ ALLOW_REGISTRATION: value })).toThrow(/ALLOW_REGISTRATION: must be true or false/);
  else expect(loadEnv({ ALLOW_REGISTRATION: value }).ALLOW_REGISTRATION).toBe(expected);
});

test("every bad variable is named in one error", () => {
  let err: unknown;
  try {
    loadEnv({ PORT: "70000", DATABASE_URL: "mysql://db", AUTH_SECRET: "short" });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(EnvError);
  const message = (err as Error).message;
  expect(message).toMatch(/PORT/);
  expect(message).toMatch(/DATABASE_URL: must be a file: URL \(SQLite\) or a postgresql:\/\/ URL/);
  expect(message).toMatch(/AUTH_SECRET: must be at least 32 characters/);
});

test("ALMANAC_CLOCK_RATE and ALMANAC_CLOCK_ORIGIN (for tests): real time by default, validated when set", () => {
  for (const source of [{}, { ALMANAC_CLOCK_RATE: "", ALMANAC_CLOCK_ORIGIN: "" }]) {
    const e = loadEnv(source);
    expect(e.ALMANAC_CLOCK_RATE).toBe(1);
    expect(e.ALMANAC_CLOCK_ORIGIN).toBeUndefined();
  }
  expect(loadEnv({ ALMANAC_CLOCK_RATE: "12", ALMANAC_CLOCK_ORIGIN: "1780000000000" })).toMatchObject({ ALMANAC_CLOCK_RATE: 12, ALMANAC_CLOCK_ORIGIN: 1780000000000 });
  expect(() => loadEnv({ ALMANAC_CLOCK_RATE: "fast" })).toThrow(/ALMANAC_CLOCK_RATE: must be a number/);
  expect(() => loadEnv({ ALMANAC_CLOCK_RATE: "0.5" })).toThrow(/ALMANAC_CLOCK_RATE: must be at least 1/);
  expect(() => loadEnv({ ALMANAC_CLOCK_ORIGIN: "yesterday" })).toThrow(/ALMANAC_CLOCK_ORIGIN: must be a time in epoch milliseconds/);
});

test("single sign-on: off by default, with password sign-in on and the button named SSO", () => {
  const e = loadEnv({});
  expect(e).toMatchObject({ PASSWORD_LOGIN: true, OIDC_NAME: "SSO" });
  expect(e.OIDC_ISSUER).toBeUndefined();
  expect(loadEnv({ OIDC_ISSUER: "", OIDC_CLIENT_ID: "", OIDC_CLIENT_SECRET: "", OIDC_NAME: "" }).OIDC_NAME).toBe("SSO");
});

test("single sign-on: all of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET or none; each missing one is named", () => {
  const all = { OIDC_ISSUER: "https://id.example.com/realms/main", OIDC_CLIENT_ID: "almanac", OIDC_CLIENT_SECRET: "s3cret", OIDC_NAME: "Keycloak" };
  expect(loadEnv(all)).toMatchObject(all);
  expect(() => loadEnv({ OIDC_ISSUER: all.OIDC_ISSUER, OIDC_CLIENT_ID: "almanac" })).toThrow(
    /OIDC_CLIENT_SECRET: is missing: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together \(only OIDC_ISSUER and OIDC_CLIENT_ID are set\)/,
  );
  let message = "";
  try {
    loadEnv({ OIDC_CLIENT_SECRET: "s3cret" });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toMatch(/OIDC_ISSUER: is missing/);
  expect(message).toMatch(/OIDC_CLIENT_ID: is missing/);
  expect(message).not.toMatch(/OIDC_CLIENT_SECRET:/);
  expect(message).not.toContain("s3cret"); // a secret is never repeated
});

test.each([
  ["not a URL", "id.example.com"],
  ["another scheme", "ftp://id.example.com"],
  ["a query", "https://id.example.com/?realm=main"],
  ["a fragment", "https://id.example.com/#main"],
])("OIDC_ISSUER with %s is refused, naming it", (_label, issuer) => {
  expect(() => loadEnv({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "almanac", OIDC_CLIENT_SECRET: "s3cret" })).toThrow(/OIDC_ISSUER: must/);
});

test("PASSWORD_LOGIN=false needs single sign-on (nobody could sign in otherwise)", () => {
  expect(() => loadEnv({ PASSWORD_LOGIN: "false" })).toThrow(/PASSWORD_LOGIN: false needs single sign-on configured .*nobody could sign in/);
  expect(loadEnv({ PASSWORD_LOGIN: "false", OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_ID: "almanac", OIDC_CLIENT_SECRET: "s3cret" }).PASSWORD_LOGIN).toBe(false);
  expect(() => loadEnv({ PASSWORD_LOGIN: "maybe" })).toThrow(/PASSWORD_LOGIN: must be true or false/);
});

test("SECRETS_KEY and SECRETS_PREVIOUS_KEY: unset by default (a key file in DATA_DIR), any text of 32 characters or more when set", () => {
  expect(loadEnv({ SECRETS_KEY: "", SECRETS_PREVIOUS_KEY: "" })).toMatchObject({ SECRETS_KEY: undefined, SECRETS_PREVIOUS_KEY: undefined });
  const passphrase = "a passphrase works: spaces and all, 32+";
  expect(loadEnv({ SECRETS_KEY: passphrase }).SECRETS_KEY).toBe(passphrase);
  expect(() => loadEnv({ SECRETS_KEY: "short", SECRETS_PREVIOUS_KEY: "short too" })).toThrow(
    /SECRETS_KEY: must be at least 32 characters[^\n]*\n\s+SECRETS_PREVIOUS_KEY: must be at least 32 characters/,
  );
});
