// next-auth (v4) configuration: email + password through the Credentials provider, and single
// sign-on through an OpenID Connect provider when OIDC_* are set; sessions as JWTs in an
// encrypted cookie. The same login() as POST /api/v1/auth/token checks and throttles passwords;
// accountForSso() decides which account a single sign-on opens.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "../api/client-address";
import { ApiError } from "../api/errors";
import { getDb } from "../db/client";
import { env } from "../env";
import { createLogger } from "../log";
import { accountForSso } from "../users/single-sign-on";
import { credentialsSchema } from "../validation/auth";
import { login } from "../users/accounts";
import { oidcProvider } from "./oidc/provider";
import { noteProviderFailure } from "./oidc/provider-failures";
import { oidcSettings } from "./oidc/settings";
import { loginErrorPath, OIDC_PROVIDER_ID, SSO_ERROR_CODES } from "./oidc/sign-in-codes";
import { authSecret } from "./secret";

// Self-hosted: without NEXTAUTH_URL, next-auth must take the origin from the request's Host.
if (!env().NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

const log = createLogger("auth");

/** The parts of an error next-auth logs that are safe to keep: never tokens, claims or stacks of provider answers. */
function describeLogged(metadata: unknown): Record<string, unknown> {
  const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | null)?.error;
  const description = (metadata as { error_description?: unknown } | null)?.error_description;
  if (!(error instanceof Error)) return {};
  const code = (error as { code?: unknown }).code;
  return { error: error.message, ...(typeof code === "string" ? { errorCode: code } : {}), ...(typeof description === "string" ? { description } : {}) };
}

export function authOptions(): NextAuthOptions {
  const sso = oidcSettings();
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    // next-auth's own pages are never shown: sign-in and its errors are the login page's.
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse({ email: credentials?.email, password: credentials?.password });
          if (!parsed.success) return null;
          // next-auth hands over the request's headers as a plain object.
          const headers = new Headers();
          for (const [name, value] of Object.entries(req?.headers ?? {})) if (typeof value === "string") headers.set(name, value);
          const address = clientAddress(headers);
          try {
            const user = await login(await getDb(), parsed.data, address);
            return { id: user.id, email: user.email, name: user.name };
          } catch (err) {
            // next-auth turns a thrown Error into ?error=<message> for the login page to show: a
            // rate limit says when to try again, PASSWORD_LOGIN=false that passwords are off.
            if (err instanceof ApiError && (err.code === "rate_limited" || err.code === "forbidden")) throw new Error(err.message);
            if (err instanceof ApiError) return null;
            throw err;
          }
        },
      }),
      ...(sso ? [oidcProvider(sso)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        try {
          const outcome = await accountForSso(await getDb(), profile ?? {}, { allowRegistration: env().ALLOW_REGISTRATION });
          if ("refused" in outcome) {
            log.info("single sign-on refused", { reason: outcome.refused });
            return loginErrorPath(SSO_ERROR_CODES[outcome.refused]);
          }
          // Without an adapter next-auth hands this same object to the JWT as the signed-in user:
          // the session's subject must be the Almanac account, not the provider's subject.
          Object.assign(user, outcome.user);
          return true;
        } catch (err) {
          // Thrown, next-auth would put the error's own message into the login page's address.
          log.error("single sign-on failed", { error: (err as Error).message });
          return loginErrorPath(SSO_ERROR_CODES.failed);
        }
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    logger: {
      error(code, metadata) {
        const failure = noteProviderFailure(code, metadata);
        log[failure === "denied" ? "info" : "error"](`next-auth: ${code}`, { ...describeLogged(metadata), ...(failure ? { failure } : {}) });
      },
      warn(code) {
        log.warn(`next-auth: ${code}`);
      },
      debug() {},
    },
  };
}
