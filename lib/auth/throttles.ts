// The throttles: what each counts, per which key, how many, and the 429 it answers with. The
// counting itself is lib/auth/rate-limit.ts.
import { ApiError } from "../api/errors";
import { getDb } from "../db/client";
import { env } from "../env";
import { createLimiter, type Limiter } from "./rate-limit";

const MINUTE = 60_000;

/** Failed sign-ins are counted over this window; a block lasts until the window passes. */
export const LOGIN_WINDOW_MS = 15 * MINUTE;

// Failed sign-ins in three layers, checked in this order. Guessing one account's password from one
// address is stopped by that pair's limit long before the account itself is locked for everyone
// (the victim, signing in from elsewhere, is unaffected); locking an account takes guesses from
// several addresses, and each address is held to its own overall limit.
// The address's overall limit (password spraying) is LOGIN_FAILURES_PER_ADDRESS.
export const LOGIN_LIMITS = {
  /** One address guessing one account. */
  pair: 5,
  /** One account, from anywhere (distributed guessing); well above `pair`, so one address cannot lock it. */
  account: 20,
};

type Limiters = Record<"loginAddress" | "loginPair" | "loginAccount" | "register" | "manualRun" | "assistant" | "ping", Limiter>;

// One set per process, shared by every route bundle (Next may load this module once per route);
// the counts themselves are in the database, shared by every process.
function limiters(): Limiters {
  const g = globalThis as { almanacLimiters?: Limiters };
  const limiter = (scope: string, max: number, windowMs: number) => createLimiter({ db: getDb, scope, max, windowMs });
  return (g.almanacLimiters ??= {
    loginAddress: limiter("login-address", env().LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_MS),
    loginPair: limiter("login-pair", LOGIN_LIMITS.pair, LOGIN_WINDOW_MS),
    loginAccount: limiter("login-account", LOGIN_LIMITS.account, LOGIN_WINDOW_MS),
    register: limiter("register", env().REGISTRATIONS_PER_ADDRESS_PER_HOUR, 60 * MINUTE),
    manualRun: limiter("manual-run", env().MANUAL_RUNS_PER_MINUTE, MINUTE),
    assistant: limiter("assistant", env().ASSISTANT_MESSAGES_PER_MINUTE, MINUTE),
    ping: limiter("ping", env().PINGS_PER_MINUTE, MINUTE),
  });
}

const rateLimited = (message: string, retryAfterSeconds: number) =>
  new ApiError("rate_limited", `${message}; try again in ${retryAfterSeconds} s`, undefined, { "Retry-After": String(retryAfterSeconds) });

/** Counts one attempt against `key`, or throws the 429 `message` names. */
async function take(limiter: Limiter, key: string, message: string): Promise<void> {
  const verdict = await limiter.attempt(key);
  if (!verdict.allowed) throw rateLimited(message, verdict.retryAfterSeconds);
}

export type LoginAttempt = { succeeded(): Promise<void> };

/**
 * Counts a sign-in attempt as a failure before the password is checked (so parallel attempts
 * cannot all pass between a check and a count), or throws 429. A right password then gives the
 * attempt back: succeeded() releases the counts and clears the pair's.
 */
export async function startLoginAttempt(email: string, address: string): Promise<LoginAttempt> {
  const l = limiters();
  const pair = `${address} ${email}`;
  const steps: Array<[Limiter, string, string]> = [
    [l.loginAddress, address, "Too many failed sign-in attempts from your address"],
    [l.loginPair, pair, "Too many failed sign-in attempts for this account from your address"],
    [l.loginAccount, email, "Too many failed sign-in attempts for this account"],
  ];
  const taken: Array<[Limiter, string]> = [];
  try {
    for (const [limiter, key, message] of steps) {
      await take(limiter, key, message);
      taken.push([limiter, key]);
    }
  } catch (err) {
    // Refused before any password was checked: the earlier layers get their count back.
    await Promise.all(taken.map(([limiter, key]) => limiter.release(key)));
    throw err;
  }
  return {
    async succeeded() {
      await Promise.all([l.loginAddress.release(address), l.loginAccount.release(email), l.loginPair.reset(pair)]);
    },
  };
}

/** Counts a registration attempt from `address`, or throws 429. */
export function throttleRegistration(address: string): Promise<void> {
  const max = env().REGISTRATIONS_PER_ADDRESS_PER_HOUR;
  return take(limiters().register, address, `Too many registration attempts from your address (at most ${max} an hour, REGISTRATIONS_PER_ADDRESS_PER_HOUR)`);
}

/** Counts a Run now request by `userId`, or throws 429. */
export function throttleManualRun(userId: string): Promise<void> {
  const max = env().MANUAL_RUNS_PER_MINUTE;
  return take(limiters().manualRun, userId, `Too many Run now requests (at most ${max} a minute per account, MANUAL_RUNS_PER_MINUTE)`);
}

/** Counts an assistant message by `userId`, or throws 429. */
export function throttleAssistant(userId: string): Promise<void> {
  const max = env().ASSISTANT_MESSAGES_PER_MINUTE;
  return take(limiters().assistant, userId, `Too many messages to the assistant (at most ${max} a minute per account, ASSISTANT_MESSAGES_PER_MINUTE)`);
}

/** Counts a ping to a heartbeat check's URL (by its key), or throws 429. */
export function throttlePing(pingKey: string): Promise<void> {
  const max = env().PINGS_PER_MINUTE;
  return take(limiters().ping, pingKey, `Too many pings to this check (at most ${max} a minute, PINGS_PER_MINUTE)`);
}
