// Which account a single sign-on opens: the provider vouches for an email address, and the
// account with that address is the one. The provider is trusted for that address only when it
// says the address is verified; otherwise anyone who could type someone else's address into
// their profile at the provider would get that person's account here.
import type { Db } from "../db/client";
import { ApiError } from "../api/errors";
import { createLogger, type Logger } from "../log";
import { emailSchema } from "../validation/auth";
import type { SsoRefusal } from "../auth/oidc/sign-in-codes";
import { createAccount, toPublicUser, type PublicUser } from "./accounts";

/** The claims of the provider's ID token and userinfo answer that matter here (unvalidated). */
export type ProviderClaims = { email?: unknown; email_verified?: unknown; name?: unknown };

export type SsoOutcome = { user: PublicUser; created: boolean } | { refused: SsoRefusal };

// Made on first use: reading LOG_LEVEL at import would fix the environment before a test sets it.
let logger: Logger | undefined;
const log = () => (logger ??= createLogger("auth"));

const NAME_MAX = 100; // as lib/validation/auth.ts allows at registration

/**
 * The account this sign-in opens: the one with the provider's verified email (linked, whether or
 * not it has a password), or a new one without a password when none has it and registration is
 * open. An email the provider does not call verified (`email_verified: true`) neither links nor
 * creates.
 */
export async function accountForSso(db: Db, claims: ProviderClaims, { allowRegistration }: { allowRegistration: boolean }): Promise<SsoOutcome> {
  const email = emailSchema.safeParse(claims.email);
  if (!email.success) return { refused: "no_email" };
  // Only the boolean: some providers send nothing, and a string "false" is truthy.
  if (claims.email_verified !== true) return { refused: "email_not_verified" };

  const existing = await db.user.findUnique({ where: { email: email.data } });
  if (existing) return { user: toPublicUser(existing), created: false };
  if (!allowRegistration) return { refused: "registration_closed" };

  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, NAME_MAX) : null;
  try {
    const user = await createAccount(db, { email: email.data, name, passwordHash: null });
    log().info("account created by single sign-on", { userId: user.id });
    return { user, created: true };
  } catch (err) {
    // A second first sign-in for the same email at the same moment: that one created it.
    if (!(err instanceof ApiError && err.code === "conflict")) throw err;
    const winner = await db.user.findUniqueOrThrow({ where: { email: email.data } });
    return { user: toPublicUser(winner), created: false };
  }
}
