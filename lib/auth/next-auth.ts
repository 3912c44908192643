// next-auth (v4) configuration: email + password through the Credentials provider, sessions as
// JWTs in an encrypted cookie. The same login() as POST /api/v1/auth/token checks and throttles.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientAddress } from "../api/client-address";
import { ApiError } from "../api/errors";
import { getDb } from "../db/client";
import { env } from "../env";
import { credentialsSchema } from "../validation/auth";
import { login } from "../users/accounts";
import { authSecret } from "./secret";

// Self-hosted: without NEXTAUTH_URL, next-auth must take the origin from the request's Host.
if (!env().NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/login" },
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
            // next-auth turns a thrown Error into ?error=<message> for the login page to show.
            if (err instanceof ApiError && err.code === "rate_limited") throw new Error(err.message);
            if (err instanceof ApiError) return null;
            throw err;
          }
        },
      }),
    ],
    callbacks: {
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
