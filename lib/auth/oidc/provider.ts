// next-auth's provider for any OpenID Connect provider (Keycloak, Authentik, Okta, Google
// Workspace, Entra ID, ...), found through its discovery document. next-auth and openid-client
// run the authorization code flow; this file chooses how strictly.
import type { Profile } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import { discoveryUrl, type OidcSettings } from "./settings";
import { OIDC_PROVIDER_ID } from "./sign-in-codes";

// openid-client's default is 3.5 s per request to the provider; a busy provider on another
// continent can take longer, and a user waits on it only while signing in.
const PROVIDER_TIMEOUT_MS = 10_000;

export type OidcClaims = Profile & { sub: string; email_verified?: unknown };

export function oidcProvider(settings: OidcSettings): OAuthConfig<OidcClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    wellKnown: discoveryUrl(settings.issuer),
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    // The ID token is verified (signature, issuer, audience, expiry) and tied to this browser's
    // sign-in: state and PKCE against a forged or replayed callback, nonce against a replayed token.
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    httpOptions: { timeout: PROVIDER_TIMEOUT_MS },
    userinfo: {
      // With the code flow many providers (this test suite's oidc-provider among them) put the
      // email claims in the userinfo answer only, not in the ID token; openid-client checks
      // that answer's subject against the ID token's.
      async request({ tokens, client }) {
        const tokenSet = tokens as TokenSet; // next-auth types it by its fields; it is openid-client's TokenSet
        const claims = tokenSet.claims();
        if (claims.email !== undefined && claims.email_verified !== undefined) return claims;
        return { ...claims, ...(await client.userinfo(tokenSet)) };
      },
    },
    // next-auth's user for this sign-in; its id is replaced by the Almanac account's in the
    // signIn callback (lib/auth/next-auth.ts), which decides which account that is.
    profile(claims) {
      return { id: claims.sub, email: typeof claims.email === "string" ? claims.email : null, name: typeof claims.name === "string" ? claims.name : null };
    },
  };
}
