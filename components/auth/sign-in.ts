import { SSO_ERROR_CODES } from "@/lib/auth/oidc/sign-in-codes";

/**
 * Where to go after signing in: `raw` if it points at this site, else "/". Relative paths and
 * absolute URLs on `origin` are accepted; "//evil.example" and other origins are not (open redirect).
 */
export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  if (!raw) return "/";
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  if (!raw.startsWith("/") && !raw.startsWith(origin)) return "/";
  // Back to the sign-in pages would be a loop.
  if (url.pathname === "/login" || url.pathname === "/register") return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

const GENERIC_SIGN_IN_ERROR = "Sign-in failed. Please try again.";

/**
 * next-auth's error codes, and single sign-on's (lib/auth/oidc/sign-in-codes.ts), that can reach
 * the login page, and what to tell the user; `provider` is the single sign-on button's name.
 */
function signInErrors(provider: string): Record<string, string> {
  const failed = `Signing in with ${provider} failed. Please try again; if it keeps failing, tell your administrator (the server log says why).`;
  return {
    CredentialsSignin: "Invalid email or password.",
    SessionRequired: "Please sign in to continue.",
    [SSO_ERROR_CODES.email_not_verified]: `${provider} has not verified your email address, so Almanac cannot tell that it is yours. Verify it at ${provider}, then sign in again.`,
    [SSO_ERROR_CODES.no_email]: `${provider} did not tell Almanac your email address, which Almanac needs to find your account. Ask your administrator to let Almanac read it (the "email" scope).`,
    [SSO_ERROR_CODES.registration_closed]: "There is no Almanac account for your email address, and this server does not create accounts. Ask its administrator for one.",
    [SSO_ERROR_CODES.denied]: `Signing in with ${provider} was cancelled, or ${provider} did not allow it.`,
    [SSO_ERROR_CODES.client_rejected]: `${provider} did not accept this server's credentials (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET). Tell your administrator.`,
    [SSO_ERROR_CODES.unreachable]: `Could not reach ${provider}. Please try again in a few minutes.`,
    [SSO_ERROR_CODES.failed]: failed,
    // Before Almanac sends the browser there, it reads the provider's discovery document.
    OAuthSignin: `Could not start signing in with ${provider}: it did not answer as expected. It may be down, or this server's OIDC_ISSUER may be wrong. Try again later, or tell your administrator.`,
    // next-auth's catch-alls, for a failure lib/auth/oidc/provider-failures.ts did not see.
    OAuthCallback: failed,
    Callback: failed,
  };
}

/**
 * The message for `?error=` on the login page. Anyone can put any text in a link to it, so only
 * a known code is turned into its message; anything else, a code or not, gets the generic one.
 */
export function loginPageErrorMessage(code: string | undefined, provider = "single sign-on"): string | undefined {
  if (!code) return undefined;
  const messages = signInErrors(provider);
  return Object.hasOwn(messages, code) ? messages[code] : GENERIC_SIGN_IN_ERROR;
}

/**
 * The message for the error of the form's own sign-in request: a known code, another code, or a
 * message this server wrote (a rate limit says when to try again; PASSWORD_LOGIN=false says so).
 */
export function signInErrorMessage(error: string): string {
  const messages = signInErrors("single sign-on");
  if (Object.hasOwn(messages, error)) return messages[error];
  if (/^[A-Z][A-Za-z]+$/.test(error)) return GENERIC_SIGN_IN_ERROR;
  return error;
}
