// Accounts: creation (registration and single sign-on) and password login, shared by the REST
// API, next-auth's Credentials provider and its OpenID Connect provider, so all of them refuse,
// throttle and create the same way.
import { readerOf, type Db, type User } from "../db/client";
import { ApiError, isUniqueViolation } from "../api/errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { startLoginAttempt } from "../auth/throttles";
import { env } from "../env";
import type { CredentialsInput, RegisterInput } from "../validation/auth";

export type PublicUser = { id: string; email: string; name: string | null };

export function toPublicUser(u: Pick<User, "id" | "email" | "name">): PublicUser {
  return { id: u.id, email: u.email, name: u.name };
}

const PUBLIC_USER = {
  sqlite: `SELECT "id", "email", "name" FROM "User" WHERE "id" = ?`,
  postgresql: `SELECT "id", "email", "name" FROM "User" WHERE "id" = $1`,
};

/** The account with this id, or null: every signed-in request reads it, through the driver when the client has a reader. */
export async function findPublicUser(db: Db, id: string): Promise<PublicUser | null> {
  const reader = readerOf(db);
  const user = reader ? (await reader.all<PublicUser>(PUBLIC_USER, [id]))[0] : await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true } });
  return user ? toPublicUser(user) : null;
}

/** A new account; `email` already lower-cased (lib/validation/auth.ts). */
export type NewAccount = { email: string; name: string | null; passwordHash: string | null };

/**
 * Creates an account: the one place every new account is made, by registration and by a first
 * single sign-on alike, so that whatever a new account is given, both give it. A taken email is
 * a 409.
 */
export async function createAccount(db: Db, account: NewAccount): Promise<PublicUser> {
  try {
    return toPublicUser(await db.user.create({ data: account }));
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ApiError("conflict", "An account with this email already exists", { email: "already registered" });
    }
    throw err;
  }
}

/** 403 when PASSWORD_LOGIN=false: passwords are neither checked nor set anywhere then. */
export function assertPasswordLogin(what: "sign-in" | "registration"): void {
  const e = env();
  if (e.PASSWORD_LOGIN) return;
  const instead = what === "sign-in" ? `sign in with ${e.OIDC_NAME} in the browser; scripts use an API token (Settings)` : `an account is created when you first sign in with ${e.OIDC_NAME}`;
  throw new ApiError("forbidden", `Password sign-in is turned off on this server (PASSWORD_LOGIN=false): ${instead}`);
}

export async function registerUser(db: Db, input: RegisterInput): Promise<PublicUser> {
  assertPasswordLogin("registration");
  return createAccount(db, { email: input.email, name: input.name ?? null, passwordHash: await hashPassword(input.password) });
}

export const INVALID_CREDENTIALS = "Invalid email or password";

/**
 * The user for these credentials; 401 (same message whether or not the email exists, or the
 * account has no password because it signs in with single sign-on) or 429. The attempt is counted
 * before the password is checked (lib/auth/throttles.ts). Without a stored hash the password is
 * still compared against a stand-in (lib/auth/password.ts), so every refusal takes as long.
 */
export async function login(db: Db, input: CredentialsInput, address: string): Promise<PublicUser> {
  assertPasswordLogin("sign-in");
  const attempt = await startLoginAttempt(input.email, address);
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!(await verifyPassword(input.password, user?.passwordHash)) || !user) {
    throw new ApiError("unauthorized", INVALID_CREDENTIALS);
  }
  await attempt.succeeded();
  return toPublicUser(user);
}
