// Single sign-on's settings, from the validated environment (lib/env.ts checks that the three
// OIDC_* variables come together).
import { env, type Env } from "../../env";

export type OidcSettings = { issuer: string; clientId: string; clientSecret: string; name: string };

/** The configured provider, or null when single sign-on is off. */
export function oidcSettings(e: Env = env()): OidcSettings | null {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME };
}

/**
 * The provider's discovery document: OpenID Connect Discovery puts it under the issuer, path
 * included (Keycloak's https://id.example.com/realms/main, Authentik's .../application/o/almanac/).
 */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}
