// Which account a single sign-on opens (lib/users/single-sign-on.ts), against a real database:
// the provider's verified email links to the account that has it or creates one without a
// password; an unverified email does neither. And an account without a password cannot be
// signed in to with one: the same refusal as a wrong password, taking as long.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as register from "../../app/api/v1/auth/register/route";
import * as token from "../../app/api/v1/auth/token/route";
import { hashPassword } from "../../lib/auth/password";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { accountForSso } from "../../lib/users/single-sign-on";
import { unique } from "../support/databases";
import { invoke, useDatabase } from "../support/handlers";

const open = { allowRegistration: true };
const closed = { allowRegistration: false };

export function singleSignOnSuite(target: () => DbTarget) {
  let db: Db;
  beforeAll(async () => {
    db = await useDatabase(target());
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const email = (label: string) => `${unique(label)}@example.com`;
  const withPassword = async (address: string) => db.user.create({ data: { email: address, name: "Has a password", passwordHash: await hashPassword("the almanac password") } });
  const rowsWith = (address: string) => db.user.count({ where: { email: address } });

  describe("a verified email", () => {
    test("links to the account that has it, which keeps its password; no account is added", async () => {
      const address = email("link");
      const existing = await withPassword(address);
      const outcome = await accountForSso(db, { email: address, email_verified: true, name: "Someone Else" }, open);
      expect(outcome).toEqual({ user: { id: existing.id, email: address, name: "Has a password" }, created: false });
      expect(await rowsWith(address)).toBe(1);
      expect((await db.user.findUniqueOrThrow({ where: { id: existing.id } })).passwordHash).toBe(existing.passwordHash);
    });

    test("is compared without case: the provider's Mixed@Example.COM links to mixed@example.com", async () => {
      const address = email("case");
      const existing = await withPassword(address);
      const outcome = await accountForSso(db, { email: address.toUpperCase(), email_verified: true }, open);
      expect(outcome).toMatchObject({ user: { id: existing.id }, created: false });
    });

    test("that no account has creates one, lower-cased, named by the provider, without a password", async () => {
      const address = email("new");
      const outcome = await accountForSso(db, { email: `  ${address.toUpperCase()} `, email_verified: true, name: `  ${"N".repeat(150)} ` }, open);
      expect(outcome).toMatchObject({ user: { email: address, name: "N".repeat(100) }, created: true });
      const row = await db.user.findUniqueOrThrow({ where: { email: address } });
      expect(row.passwordHash).toBeNull();
      // A second sign-in opens the same account.
      expect(await accountForSso(db, { email: address, email_verified: true }, open)).toMatchObject({ user: { id: row.id }, created: false });
    });

    test("with no name from the provider, the new account has none", async () => {
      const outcome = await accountForSso(db, { email: email("nameless"), email_verified: true, name: 42 }, open);
      expect(outcome).toMatchObject({ user: { name: null }, created: true });
    });

    test("with ALLOW_REGISTRATION=false, still links, but creates nothing", async () => {
      const known = email("closed-known");
      const existing = await withPassword(known);
      expect(await accountForSso(db, { email: known, email_verified: true }, closed)).toMatchObject({ user: { id: existing.id }, created: false });
      const unknown = email("closed-unknown");
      expect(await accountForSso(db, { email: unknown, email_verified: true }, closed)).toEqual({ refused: "registration_closed" });
      expect(await rowsWith(unknown)).toBe(0);
    });

    test("two first sign-ins at the same moment make one account, and both open it", async () => {
      const address = email("race");
      const [a, b] = await Promise.all([
        accountForSso(db, { email: address, email_verified: true }, open),
        accountForSso(db, { email: address, email_verified: true }, open),
      ]);
      expect(await rowsWith(address)).toBe(1);
      const id = (await db.user.findUniqueOrThrow({ where: { email: address } })).id;
      expect([a, b]).toEqual([expect.objectContaining({ user: expect.objectContaining({ id }) }), expect.objectContaining({ user: expect.objectContaining({ id }) })]);
    });
  });

  describe("an email the provider does not call verified", () => {
    test.each([
      ["false", false],
      ["missing", undefined],
      ['the string "true"', "true"],
      ["1", 1],
    ])("(email_verified %s) neither links to the account that has it nor creates one", async (_label, verified) => {
      const known = email("unverified-known");
      await withPassword(known);
      const unknown = email("unverified-unknown");
      const users = await db.user.count();
      expect(await accountForSso(db, { email: known, email_verified: verified }, open)).toEqual({ refused: "email_not_verified" });
      expect(await accountForSso(db, { email: unknown, email_verified: verified }, open)).toEqual({ refused: "email_not_verified" });
      expect(await db.user.count()).toBe(users);
    });
  });

  test.each([
    ["no email", undefined],
    ["an empty email", ""],
    ["not an email", "not-an-email"],
    ["a number", 12],
  ])("%s from the provider is refused, and nothing is created", async (_label, value) => {
    const users = await db.user.count();
    expect(await accountForSso(db, { email: value, email_verified: true }, open)).toEqual({ refused: "no_email" });
    expect(await db.user.count()).toBe(users);
  });

  describe("an account made by single sign-on", () => {
    let address: string;
    beforeAll(async () => {
      address = email("sso-only");
      await accountForSso(db, { email: address, email_verified: true }, open);
    });

    // Three tries per account stay under the sign-in throttle's five (lib/auth/throttles.ts).
    const tokenFor = async (who: string, password: string) => {
      const started = performance.now();
      const res = await invoke(token.POST, "POST", "/api/v1/auth/token", { body: { email: who, password } });
      return { ...res, ms: performance.now() - started };
    };

    test("refuses any password with the wrong-password answer, taking about as long", async () => {
      const other = email("has-password");
      await withPassword(other);
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const noPassword: number[] = [];
      const wrongPassword: number[] = [];
      for (let i = 0; i < 3; i++) {
        const sso = await tokenFor(address, `a guess ${i}`);
        expect(sso.status).toBe(401);
        const wrong = await tokenFor(other, `a guess ${i}`);
        expect(wrong.status).toBe(401);
        expect(sso.json.error).toEqual(wrong.json.error);
        noPassword.push(sso.ms);
        wrongPassword.push(wrong.ms);
      }
      // Both compare against a bcrypt hash (about 100 ms); answering at once would tell which
      // accounts have no password. Half is a wide margin for a busy machine.
      expect(median(noPassword)).toBeGreaterThan(median(wrongPassword) / 2);
    });

    test("cannot be given a password by registering its email: 409", async () => {
      const res = await invoke(register.POST, "POST", "/api/v1/auth/register", { body: { email: address, password: "now I choose one" } });
      expect(res.status).toBe(409);
      expect((await db.user.findUniqueOrThrow({ where: { email: address } })).passwordHash).toBeNull();
    });
  });
}
