// What every command shares: the API client (made when first needed, so --help and login work
// without a config), colour, printing JSON or text, and finding teams and schedules by id or name.
import { InvalidArgumentError, type Command } from "commander";
import { createClient, ApiError, type Client } from "./client";
import { resolveConfig } from "./config";
import { CliError, EXIT } from "./errors";
import { painter, useColor } from "./format";

export type Team = { id: string; name: string; role: string; personal: boolean };
export type Schedule = {
  id: string;
  teamId: string;
  name: string;
  description: string | null;
  cronExpression: string;
  timezone: string;
  cronHuman: string;
  entrypoint: string;
  payload: unknown;
  isEnabled: boolean;
  overlapPolicy: string;
  misfirePolicy: string;
  timeoutSeconds: number;
  maxRetries: number;
  retryDelaySeconds: number;
  lastRunAt: string | null;
  nextRunAt: string | null;
  lastRunStatus: string | null;
  /** A heartbeat check's secret ping URL; null for other job types (absent from older servers). */
  pingUrl?: string | null;
  createdAt: string;
  updatedAt: string;
};
export type Run = {
  id: string;
  scheduleId: string;
  scheduleName: string;
  trigger: string;
  scheduledFor: string;
  attempt: number;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
};
export type Page<T> = { items: T[]; nextCursor: string | null };

let client: Client | null = null;
export function api(): Client {
  client ??= createClient(resolveConfig());
  return client;
}

export const paint = painter(useColor(process.stdout));
export const paintErr = painter(useColor(process.stderr));

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The terminal's width for tables; none (no cutting) when stdout is not a terminal. */
export const terminalWidth = () => (process.stdout.isTTY ? process.stdout.columns || 80 : undefined);

/** Adds `--json` and, unless told otherwise, `--team` to a command. */
export function common(cmd: Command, { team = true, json = true } = {}): Command {
  if (team) cmd.option("--team <id|name>", "the team (by id or name; by default every team you are in, or your personal team when creating)");
  if (json) cmd.option("--json", "print the API's JSON (for scripts)");
  return cmd;
}

/** Adds an example to a command's --help. */
export function example(cmd: Command, ...lines: string[]): Command {
  return cmd.addHelpText("after", `\nExample${lines.length > 1 ? "s" : ""}:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

export function int(name: string, min: number) {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}`);
    return Number(value);
  };
}

export function jsonArg(name: string) {
  return (value: string) => {
    try {
      return JSON.parse(value) as unknown;
    } catch (err) {
      throw new InvalidArgumentError(`${name} is not valid JSON: ${(err as Error).message}`);
    }
  };
}

/** The team named by --team (its id, or its name ignoring case). */
export async function resolveTeam(ref: string | undefined): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const { items } = await api().get<{ items: Team[] }>("/api/v1/teams");
  const byId = items.find((t) => t.id === ref);
  if (byId) return byId.id;
  const byName = items.filter((t) => t.name.toLowerCase() === ref.toLowerCase());
  if (byName.length === 1) return byName[0].id;
  if (byName.length > 1) throw new CliError(`several of your teams are named "${ref}": use the id (${byName.map((t) => t.id).join(", ")})`, EXIT.usage);
  throw new CliError(`no team "${ref}" among yours`, EXIT.notFound);
}

/** A schedule by id, or by its exact name (within --team when given). */
export async function resolveSchedule(ref: string, teamId: string | undefined): Promise<Schedule> {
  try {
    const schedule = await api().get<Schedule>(`/api/v1/schedules/${encodeURIComponent(ref)}`);
    if (!teamId || schedule.teamId === teamId) return schedule;
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
  }
  const matches: Schedule[] = [];
  let cursor: string | undefined;
  do {
    const page = await api().get<Page<Schedule>>("/api/v1/schedules", { q: ref, teamId, limit: 200, cursor });
    matches.push(...page.items.filter((s) => s.name === ref));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new CliError(`several schedules are named "${ref}" (in teams ${matches.map((s) => s.teamId).join(", ")}): pass --team or use the id`, EXIT.usage);
  }
  throw new CliError(`no schedule with the id or name "${ref}"${teamId ? " in that team" : ""}`, EXIT.notFound);
}
