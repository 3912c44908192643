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

/** next-auth's error codes -> what to tell the user; anything else is already a message (e.g. a rate limit). */
export function signInErrorMessage(error: string): string {
  if (error === "CredentialsSignin") return "Invalid email or password.";
  if (error === "SessionRequired") return "Please sign in to continue.";
  if (/^[A-Z][A-Za-z]+$/.test(error)) return "Sign-in failed. Please try again.";
  return error;
}
