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

// next-auth's error codes that can reach the login page, and what to tell the user.
const SIGN_IN_ERRORS: Record<string, string> = {
  CredentialsSignin: "Invalid email or password.",
  SessionRequired: "Please sign in to continue.",
};

/**
 * The message for `?error=` on the login page. Anyone can put any text in a link to it, so only
 * a known code is turned into its message; anything else, a code or not, gets the generic one.
 */
export function loginPageErrorMessage(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return Object.hasOwn(SIGN_IN_ERRORS, code) ? SIGN_IN_ERRORS[code] : GENERIC_SIGN_IN_ERROR;
}

/**
 * The message for the error of the form's own sign-in request: a known code, another code, or a
 * message this server wrote (a rate limit says when to try again).
 */
export function signInErrorMessage(error: string): string {
  if (Object.hasOwn(SIGN_IN_ERRORS, error)) return SIGN_IN_ERRORS[error];
  if (/^[A-Z][A-Za-z]+$/.test(error)) return GENERIC_SIGN_IN_ERROR;
  return error;
}
