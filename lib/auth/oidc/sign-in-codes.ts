// What the browser side shares with the server about single sign-on: the provider's id in
// next-auth (its callback URL is /api/auth/callback/<id>) and the codes a failed sign-in puts in
// /login?error=<code>, each of which the login page turns into its message
// (components/auth/sign-in.ts). No server code here: the login form imports it.

export const OIDC_PROVIDER_ID = "oidc";

/** Why Almanac refused a sign-in the provider vouched for (lib/users/single-sign-on.ts). */
export type SsoRefusal = "no_email" | "email_not_verified" | "registration_closed";

/** What went wrong between Almanac and the provider (lib/auth/oidc/provider-failures.ts). */
export type ProviderFailure = "denied" | "client_rejected" | "unreachable" | "failed";

export const SSO_ERROR_CODES = {
  no_email: "SsoNoEmail",
  email_not_verified: "SsoEmailNotVerified",
  registration_closed: "SsoRegistrationClosed",
  denied: "SsoDenied",
  client_rejected: "SsoClientRejected",
  unreachable: "SsoUnreachable",
  failed: "SsoFailed",
} as const satisfies Record<SsoRefusal | ProviderFailure, string>;

export type SsoErrorCode = (typeof SSO_ERROR_CODES)[keyof typeof SSO_ERROR_CODES];

export function loginErrorPath(code: SsoErrorCode): string {
  return `/login?error=${code}`;
}
