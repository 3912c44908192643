// The rule an http(s) URL a user gives must meet (an http job's target, a team's model endpoint,
// an alert channel's webhook): absolute, http:// or https://, and, where the credentials belong
// elsewhere, none inside it. No server imports: forms use it too.

/**
 * Why `value` is not such a URL, or null. With `credentialsGoTo`, a user name or password in the
 * URL is refused, the message saying where to put them instead.
 */
export function httpUrlProblem(value: string, credentialsGoTo?: string): string | null {
  if (!URL.canParse(value)) return "must be an absolute http:// or https:// URL";
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL, not ${url.protocol}//`;
  if (credentialsGoTo && (url.username || url.password)) return `must not contain a user name or password: ${credentialsGoTo}`;
  return null;
}
