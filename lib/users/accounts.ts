// Accounts: registration and password login, shared by the REST API and next-auth's
// Credentials provider so both refuse and throttle the same way.
import type { Db, User } from "../db/client";
import { ApiError, isUniqueViolation } from "../api/errors";
import { hashPassword, verifyPassword } from "../auth/password";
import { startLoginAttempt } from "../auth/throttles";
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

export const INVALID_CREDENTIALS = "Invalid email or password";

/**
 * The user for these credentials; 401 (same message whether or not the email exists) or 429. The
 * attempt is counted before the password is checked (lib/auth/throttles.ts).
 */
export async function login(db: Db, input: CredentialsInput, address: string): Promise<PublicUser> {
  const attempt = await startLoginAttempt(input.email, address);
  const user = await db.user.findUnique({ where: { email: input.email } });
  if (!(await verifyPassword(input.password, user?.passwordHash)) || !user) {
    throw new ApiError("unauthorized", INVALID_CREDENTIALS);
  }
  await attempt.succeeded();
  return toPublicUser(user);
}
