// Accounts: registration and password login, shared by the REST API and next-auth's
// Credentials provider so both refuse and throttle the same way.
import type { Db, User } from "../db/client";
import { ApiError, isUniqueViolation } from "../api/errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { createLimiter, type Limiter } from "../auth/rate-limit";
import type { CredentialsInput, RegisterInput } from "../validation/auth";

export type PublicUser = { id: string; email: string; name: string | null };

export function toPublicUser(u: Pick<User, "id" | "email" | "name">): PublicUser {
  return { id: u.id, email: u.email, name: u.name };
}

export async function registerUser(db: Db, input: RegisterInput): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({ data: { email: input.email, name: input.name ?? null, passwordHash } });
    return toPublicUser(user);
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ApiError("conflict", "An account with this email already exists", { email: "already registered" });
    }
    throw err;
  }
}

const WINDOW_MS = 15 * 60_000;
// Shared across route bundles in one process (Next may load this module once per route).
const limits = ((globalThis as { almanacLoginLimits?: { email: Limiter; address: Limiter } }).almanacLoginLimits ??= {
  email: createLimiter({ max: 5, windowMs: WINDOW_MS }),
  // Generous per address: many people can share one (an office NAT), while 5 per email stops guessing.
  address: createLimiter({ max: 100, windowMs: WINDOW_MS }),
});

export const INVALID_CREDENTIALS = "Invalid email or password";

/** The user for these credentials; 401 (same message whether or not the email exists) or 429. */
export async function login(db: Db, input: CredentialsInput, address: string): Promise<PublicUser> {
  for (const [limiter, key] of [[limits.email, input.email], [limits.address, address]] as const) {
    const verdict = limiter.check(key);
    if (!verdict.allowed) {
      throw new ApiError("rate_limited", `Too many failed sign-in attempts; try again in ${verdict.retryAfterSeconds} s`, undefined, {
        "Retry-After": String(verdict.retryAfterSeconds),
      });
    }
  }
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!(await verifyPassword(input.password, user?.passwordHash)) || !user) {
    limits.email.fail(input.email);
    limits.address.fail(address);
    throw new ApiError("unauthorized", INVALID_CREDENTIALS);
  }
  limits.email.reset(input.email);
  return toPublicUser(user);
}
