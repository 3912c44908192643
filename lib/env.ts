// The one validated environment, read by the web app, the worker and the scripts alike.
// Every variable is listed, with its default, in .env.example.
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { maxTimeoutSetting } from "./validation/timeout";
import { parseTrustedProxies } from "./api/trusted-proxies";

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], {
      error: "must be true or false",
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes", "on"].includes(v)));

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => /^(file:|postgres(ql)?:\/\/)/.test(v), {
        message: "must be a file: URL (SQLite) or a postgresql:// URL",
      })
      .optional(),
  ),
  AUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  NEXTAUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters").optional()),
  /** Team secrets' key (lib/secrets/key.ts): any string of at least 32 characters; unset: a key generated into DATA_DIR/secrets-key. */
  SECRETS_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters (any text: the key is derived from it)").optional()),
  /** The SECRETS_KEY before a rotation: opens values sealed under it, never seals (docs/secrets.md). */
  SECRETS_PREVIOUS_KEY: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters (the SECRETS_KEY before the rotation)").optional()),
  NEXTAUTH_URL: z.preprocess(emptyAsUndefined, z.url({ error: "must be a URL such as https://cron.example.com" }).optional()),
  ALLOW_REGISTRATION: flag(true),
  /** Single sign-on (lib/auth/oidc/): an OpenID Connect provider's issuer URL, and this app's client at it. All three or none. */
  OIDC_ISSUER: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine((v, ctx) => {
        const url = URL.canParse(v) ? new URL(v) : null;
        if (!url || !/^https?:$/.test(url.protocol)) ctx.addIssue({ code: "custom", message: "must be the provider's issuer URL, such as https://id.example.com/realms/main" });
        else if (url.search || url.hash) ctx.addIssue({ code: "custom", message: "must not have a query or fragment (it is the issuer, not a discovery URL)" });
      })
      .optional(),
  ),
  OIDC_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().max(1000).optional()),
  OIDC_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().max(1000).optional()),
  /** The provider's name on the login page's button: "Sign in with <OIDC_NAME>". */
  OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().trim().min(1).max(60, "must be at most 60 characters").default("SSO")),
  /** false: no password sign-in anywhere (only single sign-on); needs OIDC_* set. */
  PASSWORD_LOGIN: flag(true),
  /** Lifetime of the Bearer JWTs issued by POST /api/v1/auth/token. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(3600),
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-For is believed; none: the socket's address is used. */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .superRefine((v, ctx) => {
      try {
        parseTrustedProxies(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
  /** Sign-in attempts one address may fail in 15 minutes, over all accounts (generous: a NAT shares one address). */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1_000_000).default(100),
  /** Accounts one address may try to register per hour. */
  REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1_000_000).default(20),
  /** "Run now" requests one account may make per minute. */
  MANUAL_RUNS_PER_MINUTE: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1_000_000).default(60),
  /** Pings one heartbeat check's URL may take per minute (lib/heartbeats/ping.ts); 429 past it. */
  PINGS_PER_MINUTE: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1_000_000).default(60),
  /** Messages one account may send the @cron assistant per minute (a model costs the operator money). */
  ASSISTANT_MESSAGES_PER_MINUTE: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1_000_000).default(20),
  /** Lets http jobs call loopback, private, link-local and metadata addresses (off: SSRF guard). */
  ALLOW_PRIVATE_NETWORK_TARGETS: flag(false),
  /** The longest an http job's DNS lookup of its host may take (lib/entrypoints/dns.ts). */
  HTTP_DNS_TIMEOUT_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(60_000).default(5000),
  /** DNS lookups for http jobs in flight at once per process (web app or worker); more wait their turn. */
  HTTP_DNS_MAX_LOOKUPS: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(10_000).default(64),
  /** Lets teams' admins create shell jobs (lib/entrypoints/shell.ts): commands run as the worker's user. Needed on the web app (registration) and on each worker (execution). */
  ALLOW_SHELL_JOBS: flag(false),
  /** Most schedules one user may have. */
  /** Most schedules one team may have; MAX_SCHEDULES_PER_USER is its older name, read when this is not set. */
  /** Days audit log rows are kept (the workers prune older ones). */
  AUDIT_RETENTION_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(36_500).default(365),
  /** Days alert history is kept (the workers prune older events once nothing of theirs is pending). */
  ALERT_RETENTION_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(36_500).default(90),
  /** Days an invitation link stays valid. */
  INVITATION_TTL_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int().min(1).max(365).default(7),
  MAX_SCHEDULES_PER_TEAM: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a whole number" }).int().min(1).max(10_000_000).optional()),
  MAX_SCHEDULES_PER_USER: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(10_000_000).default(10_000),
  /** The largest timeoutSeconds a schedule may have (lib/validation/timeout.ts); workers cap longer stored ones. */
  MAX_TIMEOUT_SECONDS: maxTimeoutSetting,
  /** Runs one worker executes at once; further due runs wait their turn in order. */
  WORKER_CONCURRENCY: z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1000).default(10),
  /** Runs of one account a worker executes at once; unset: half of WORKER_CONCURRENCY, rounded up (lib/scheduler/executor.ts). */
  WORKER_MAX_RUNS_PER_ACCOUNT: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a whole number" }).int().min(1).max(1000).optional()),
  /** On SIGTERM/SIGINT, how long running executions may take to finish before they are recorded lost. */
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(0).max(3600).default(25),
  /** worker.down is sent when no worker has beaten for this long while enabled schedules exist (the web process keeps this watch). */
  // At least two heartbeats (5 s apart): a shorter silence is a worker between beats.
  WORKER_DOWN_AFTER_SECONDS: z.coerce.number({ error: "must be a number of seconds" }).int().min(10, "must be at least 10 (workers beat every 5 s)").max(86_400).default(60),
  /** Run history kept per schedule (newest runs), and at most this many days of it. */
  RUN_RETENTION_PER_SCHEDULE: z.coerce.number({ error: "must be a whole number" }).int().min(1).default(1000),
  RUN_RETENTION_DAYS: z.coerce.number({ error: "must be a number of days" }).int().min(1).default(30),
  /** Serve Prometheus metrics from each worker on this port (off when unset). */
  WORKER_METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).optional()),
  /** The address the metrics server listens on: loopback unless the operator opens it (0.0.0.0: every interface). */
  WORKER_METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9.:%_-]+$/, "must be an address such as 127.0.0.1, 0.0.0.0 or ::").max(255).default("127.0.0.1")),
  WORKER_ID: z.preprocess(emptyAsUndefined, z.string().max(100).optional()),
  /** For tests: runs the worker's clock this many times faster than real time (1: real time). */
  ALMANAC_CLOCK_RATE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: "must be a number" }).min(1, "must be at least 1 (1 is real time)").max(1000, "must be at most 1000").default(1),
  ),
  /** For tests: the instant (epoch ms) from which that clock runs ahead; workers given the same one share one time. Default: the worker's start. */
  ALMANAC_CLOCK_ORIGIN: z.preprocess(emptyAsUndefined, z.coerce.number({ error: "must be a time in epoch milliseconds" }).int("must be a time in epoch milliseconds").min(0).optional()),
  /** Email alert channels send through this server (lib/alerts/channels/email.ts); unset: no email channels. */
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol) && new URL(v).hostname !== "", {
        message: "must be an smtp:// or smtps:// URL such as smtps://user:password@mail.example.com:465",
      })
      .optional(),
  ),
  /** The From of alert emails: an address, or "Name <address>". */
  SMTP_FROM: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .max(320)
      .refine((v) => /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(v.trim()), {
        message: 'must be an address such as almanac@example.com, or "Almanac <almanac@example.com>"',
      })
      .optional(),
  ),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** The @cron assistant's optional model: an OpenAI-compatible chat completions endpoint with tool calling. */
  ASSISTANT_LLM_URL: z.preprocess(emptyAsUndefined, z.url({ error: "must be a URL such as http://localhost:11434/v1" }).optional()),
  ASSISTANT_LLM_MODEL: z.preprocess(emptyAsUndefined, z.string().max(200).optional()),
  ASSISTANT_LLM_API_KEY: z.preprocess(emptyAsUndefined, z.string().max(1000).optional()),
  /** How long one assistant message may wait for the model before answering offline. */
  ASSISTANT_LLM_TIMEOUT_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(600_000).default(15_000),
  /**
   * The operator's model endpoint for llm jobs of teams without their own (lib/llm/endpoint.ts):
   * OpenAI-compatible chat completions, a base URL or the full URL as ASSISTANT_LLM_URL takes it.
   * Trusted: it may be on loopback. A job's time is bounded by its schedule's timeoutSeconds.
   */
  LLM_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { message: "must be an http:// or https:// URL such as http://localhost:11434/v1" })
      .optional(),
  ),
  LLM_MODEL: z.preprocess(emptyAsUndefined, z.string().max(200).optional()),
  LLM_API_KEY: z.preprocess(emptyAsUndefined, z.string().max(1000).optional()),
}).superRefine(checkSingleSignOn);

const OIDC_VARIABLES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const;

/** A half-configured provider is a mistake, never "off": each missing variable is named. */
function checkSingleSignOn(e: Partial<Record<(typeof OIDC_VARIABLES)[number], string>> & { PASSWORD_LOGIN: boolean }, ctx: z.RefinementCtx): void {
  const set = OIDC_VARIABLES.filter((name) => e[name] !== undefined);
  if (set.length > 0 && set.length < OIDC_VARIABLES.length) {
    for (const name of OIDC_VARIABLES.filter((n) => e[n] === undefined)) {
      ctx.addIssue({ code: "custom", path: [name], message: `is missing: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together (only ${set.join(" and ")} ${set.length === 1 ? "is" : "are"} set)` });
    }
  }
  if (!e.PASSWORD_LOGIN && set.length < OIDC_VARIABLES.length) {
    ctx.addIssue({ code: "custom", path: ["PASSWORD_LOGIN"], message: `false needs single sign-on configured (${OIDC_VARIABLES.join(", ")}): otherwise nobody could sign in` });
  }
}

export type Env = z.infer<typeof envSchema> & { dataDir: string };

export class EnvError extends Error {}

/** Validates `source`; throws an EnvError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

/**
 * For process entry points (npm start, dev, worker): reads ./.env if present (variables already
 * set win, as in Next.js), then returns the environment, or prints what is wrong and exits 2.
 */
export function envOrExit(source: Record<string, string | undefined> = process.env): Env {
  if (existsSync(".env")) process.loadEnvFile(".env");
  try {
    return loadEnv(source);
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    console.error(`${err.message}\nSee .env.example for every variable and its default.`);
    process.exit(2);
  }
}

let cached: Env | undefined;

/** The process's environment, validated once. */
export function env(): Env {
  cached ??= loadEnv();
  return cached;
}
