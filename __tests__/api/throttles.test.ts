// The throttles, attacked through the route handlers as Next.js calls them (issue 11, items 4, 5,
// 3 and 16): sign-in, registration, Run now and the assistant. The counts live in this process,
// not in the database, so SQLite stands in for both.
//
// Requests arrive as they would through proxy.ts and Next's server: proxy.ts moves the
// X-Forwarded-For a client sent aside, then Next sets X-Forwarded-For to the socket's address.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as assistant from "../../app/api/v1/assistant/route";
import * as register from "../../app/api/v1/auth/register/route";
import * as token from "../../app/api/v1/auth/token/route";
import * as runNow from "../../app/api/v1/schedules/[id]/run/route";
import { exposePeerAddress } from "../../lib/api/client-address";
import { hashPassword } from "../../lib/auth/password";
import { LOGIN_LIMITS } from "../../lib/auth/throttles";
import type { Db } from "../../lib/db/client";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { invoke, newUser, sqliteFor, useDatabase } from "../support/handlers";
import { ownerAccess } from "../support/teams";

// Read once, at this process's first request; small so that the tests stay quick.
process.env.LOGIN_FAILURES_PER_ADDRESS = "8";
process.env.REGISTRATIONS_PER_ADDRESS_PER_HOUR = "3";
process.env.MANUAL_RUNS_PER_MINUTE = "3";
process.env.ASSISTANT_MESSAGES_PER_MINUTE = "2";
delete process.env.TRUSTED_PROXIES;
delete process.env.ASSISTANT_LLM_URL;

const PASSWORD = "correct horse battery";
let db: Db;
beforeAll(async () => {
  db = await useDatabase(sqliteFor("throttles"));
});
afterAll(async () => {
  await db?.$disconnect();
});

let nextOctet = 1;
/** A fresh client address, unique in this file. */
const newAddress = () => `198.51.100.${nextOctet++}`;

/** The headers of a request from `socket` that claims X-Forwarded-For: `spoofed`, as a handler sees them. */
function from(socket: string, spoofed?: string): Record<string, string> {
  const headers = new Headers(spoofed ? { "x-forwarded-for": spoofed } : {});
  exposePeerAddress(headers); // proxy.ts
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", socket); // Next: x-forwarded-for ??= socket address
  headers.set("content-length", "64"); // proxy.ts sees these endpoints only for a body of declared length
  return Object.fromEntries(headers);
}

async function newAccount(): Promise<string> {
  const email = `${unique("victim")}@example.com`;
  await db.user.create({ data: { email, passwordHash: await hashPassword(PASSWORD) } });
  return email;
}

const signIn = (email: string, password: string, headers: Record<string, string>) =>
  invoke(token.POST, "POST", "/api/v1/auth/token", { body: { email, password }, headers });

describe("sign-in (POST /api/v1/auth/token)", () => {
  test("50 parallel wrong-password attempts for one email: at most the limit reach the password check", async () => {
    const email = await newAccount();
    const headers = from(newAddress());
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => signIn(email, `wrong password ${i}`, headers)));
    const statuses = results.map((r) => r.status);
    // A 401 is an attempt whose password was checked; a 429 was refused before that.
    expect(statuses.filter((s) => s === 401)).toHaveLength(LOGIN_LIMITS.pair);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50 - LOGIN_LIMITS.pair);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.json.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Too many failed sign-in attempts.*try again in \d+ s/) });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("a spoofed X-Forwarded-For does not give a fresh budget without TRUSTED_PROXIES", async () => {
    const socket = newAddress();
    const statuses: number[] = [];
    // Password spraying: another email each time, another claimed address each time, one socket.
    for (let i = 0; i < 9; i++) {
      const res = await signIn(`${unique("sprayed")}@example.com`, "guess123", from(socket, `203.0.113.${i + 1}`));
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]); // LOGIN_FAILURES_PER_ADDRESS=8
    // Another address is not affected.
    expect((await signIn(`${unique("sprayed")}@example.com`, "guess123", from(newAddress()))).status).toBe(401);
  });

  test("where proxy.ts did not run, spoofed X-Forwarded-For values still share one budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await signIn(`${unique("sprayed")}@example.com`, "guess123", { "x-forwarded-for": `192.0.2.${i + 1}` });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  test("guessing a victim's password from one address blocks that address, not the victim", async () => {
    const email = await newAccount();
    const attacker = from(newAddress());
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMITS.pair + 3; i++) statuses.push((await signIn(email, `wrong password ${i}`, attacker)).status);
    expect(statuses.slice(0, LOGIN_LIMITS.pair)).toEqual(Array(LOGIN_LIMITS.pair).fill(401));
    expect(statuses.slice(LOGIN_LIMITS.pair)).toEqual([429, 429, 429]);
    // Even the right password is refused from the attacker's address...
    expect((await signIn(email, PASSWORD, attacker)).status).toBe(429);
    // ...while the victim, elsewhere, signs in.
    const victim = await signIn(email, PASSWORD, from(newAddress()));
    expect(victim.status, JSON.stringify(victim.json)).toBe(200);
  });

  test("a right password gives its attempt back: signing in often does not use up an address's budget", async () => {
    const email = await newAccount();
    const office = from(newAddress());
    for (let i = 0; i < 10; i++) expect((await signIn(email, PASSWORD, office)).status).toBe(200); // LOGIN_FAILURES_PER_ADDRESS=8
  });
});

test("next-auth's credentials sign-in shares the throttle: the address is the socket's, and past the limit it says when to retry", async () => {
  const { authOptions } = await import("../../lib/auth/next-auth"); // reads the environment as it loads
  const provider = authOptions().providers[0] as unknown as {
    options: { authorize(credentials: Record<string, string>, req: { headers: Record<string, string> }): Promise<unknown> };
  };
  const email = await newAccount();
  const socket = newAddress();
  const authorize = (password: string, spoofed: string) => provider.options.authorize({ email, password }, { headers: from(socket, spoofed) });
  for (let i = 0; i < LOGIN_LIMITS.pair; i++) expect(await authorize(`wrong password ${i}`, `203.0.113.${i + 1}`)).toBeNull();
  await expect(authorize(PASSWORD, "203.0.113.200")).rejects.toThrow(/Too many failed sign-in attempts for this account from your address; try again in \d+ s/);
  expect(await provider.options.authorize({ email, password: PASSWORD }, { headers: from(newAddress()) })).toMatchObject({ email });
});

describe("registration (POST /api/v1/auth/register)", () => {
  const signUp = (headers: Record<string, string>) =>
    invoke(register.POST, "POST", "/api/v1/auth/register", { body: { email: `${unique("new")}@example.com`, password: PASSWORD }, headers });

  test("more registrations from one address than allowed: 429 with Retry-After and a message; other addresses unaffected", async () => {
    const socket = newAddress();
    for (let i = 0; i < 3; i++) expect((await signUp(from(socket, `203.0.113.${i + 50}`))).status).toBe(201);
    const refused = await signUp(from(socket, "203.0.113.99"));
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/Too many registration attempts from your address \(at most 3 an hour, REGISTRATIONS_PER_ADDRESS_PER_HOUR\); try again in \d+ s/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect((await signUp(from(newAddress()))).status).toBe(201);
  });
});

describe("per account: Run now and the assistant", () => {
  test("Run now past MANUAL_RUNS_PER_MINUTE: 429 with Retry-After, and no run queued; another account unaffected", async () => {
    const [user, other] = [await newUser(db), await newUser(db)];
    const create = (userId: string) => createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name: "job", cronExpression: "@daily" }));
    const [mine, theirs] = [await create(user.id), await create(other.id)];
    const run = (auth: string, id: string) => invoke(runNow.POST, "POST", `/api/v1/schedules/${id}/run`, { auth, params: { id } });
    for (let i = 0; i < 3; i++) expect((await run(user.auth, mine.id)).status).toBe(202);
    const refused = await run(user.auth, mine.id);
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/Too many Run now requests \(at most 3 a minute per account, MANUAL_RUNS_PER_MINUTE\); try again in \d+ s/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.run.count({ where: { scheduleId: mine.id } })).toBe(3);
    expect((await run(other.auth, theirs.id)).status).toBe(202);
  });

  test("assistant messages past ASSISTANT_MESSAGES_PER_MINUTE: 429 with Retry-After; another account unaffected", async () => {
    const [user, other] = [await newUser(db), await newUser(db)];
    const say = (auth: string) => invoke(assistant.POST, "POST", "/api/v1/assistant", { auth, body: { message: "list" } });
    for (let i = 0; i < 2; i++) expect((await say(user.auth)).status).toBe(200);
    const refused = await say(user.auth);
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(/Too many messages to the assistant \(at most 2 a minute per account, ASSISTANT_MESSAGES_PER_MINUTE\); try again in \d+ s/);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await say(other.auth)).status).toBe(200);
  });
});
