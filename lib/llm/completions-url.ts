// Where an OpenAI-compatible chat-completions endpoint is, from what an operator or a team gives:
// the full .../chat/completions URL, or a base URL (with or without /v1). Shared by the @cron
// assistant (ASSISTANT_LLM_URL) and llm jobs (LLM_URL, a team's endpoint). No imports: the UI may use it.

/** The endpoint: a full .../chat/completions URL as given, or a base URL (with or without /v1). */
export function completionsUrl(url: string): string {
  if (/\/chat\/completions\/?$/.test(url)) return url;
  const base = url.replace(/\/+$/, "");
  return `${base}${/\/v1$/.test(base) ? "" : "/v1"}/chat/completions`;
}
