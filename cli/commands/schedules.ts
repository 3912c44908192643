// almanac schedules ls|get|create|edit|rm|pause|resume|run|rotate-ping-key
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { api, common, example, int, jsonArg, paint, paintErr, printJson, resolveSchedule, resolveTeam, terminalWidth, type Page, type Run, type Schedule } from "../context";
import { CliError, EXIT } from "../errors";
import { details, relativeTime, statusCell, table } from "../format";
import { endNote, followOutput } from "../logs";
import { confirm, isInteractive } from "../prompt";

type Opts = Record<string, unknown> & { team?: string; json?: boolean };

/** The words without the zone cronHuman ends with (the table shows the zone in its own column). */
const words = (s: Schedule) => s.cronHuman.replace(` (${s.timezone})`, "");

export function scheduleRows(items: Schedule[], now = new Date()) {
  return items.map((s) => [
    s.id,
    s.name,
    words(s),
    s.timezone,
    s.isEnabled ? { text: "yes", style: "green" as const } : { text: "no", style: "yellow" as const },
    s.isEnabled ? relativeTime(s.nextRunAt, now) : "-",
    statusCell(s.lastRunStatus),
  ]);
}
export const SCHEDULE_HEADER = ["ID", "NAME", "SCHEDULE", "ZONE", "ENABLED", "NEXT RUN", "LAST STATUS"];

export function scheduleDetails(s: Schedule, now = new Date()): string {
  return details(
    [
      ["id", s.id],
      ["name", s.name],
      ["team", s.teamId],
      ["schedule", `${s.cronExpression} (${s.cronHuman})`],
      ["enabled", s.isEnabled ? "yes" : "no"],
      ["next run", s.nextRunAt ? `${s.nextRunAt} (${relativeTime(s.nextRunAt, now)})` : "-"],
      ["last run", s.lastRunAt ? `${s.lastRunAt} ${s.lastRunStatus ?? ""}`.trim() : "-"],
      ["job type", s.entrypoint],
      ["payload", JSON.stringify(s.payload)],
      ...(s.pingUrl ? [["ping URL", s.pingUrl] as [string, string]] : []),
      ["description", s.description ?? "-"],
      ["policies", `overlap ${s.overlapPolicy}, misfire ${s.misfirePolicy}, timeout ${s.timeoutSeconds}s, retries ${s.maxRetries} every ${s.retryDelaySeconds}s`],
    ],
    paint,
  );
}

function show(s: Schedule, opts: Opts, headline?: string) {
  if (opts.json) return printJson(s);
  if (headline) process.stderr.write(`${headline}\n`);
  process.stdout.write(`${scheduleDetails(s)}\n`);
}

/** A JSON file's object (create -f, edit -f). */
function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`, EXIT.usage);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new CliError(`${file} must hold a JSON object (a schedule's fields)`, EXIT.usage);
  return value as Record<string, unknown>;
}

/** The schedule's fields named on the command line, as the API spells them. */
function fieldsFrom(opts: Opts): Record<string, unknown> {
  const body: Record<string, unknown> = opts.file ? readJsonFile(String(opts.file)) : {};
  const map: [keyof Opts, string][] = [
    ["name", "name"],
    ["description", "description"],
    ["cron", "cronExpression"],
    ["timezone", "timezone"],
    ["entrypoint", "entrypoint"],
    ["payload", "payload"],
    ["overlap", "overlapPolicy"],
    ["misfire", "misfirePolicy"],
    ["timeout", "timeoutSeconds"],
    ["retries", "maxRetries"],
    ["retryDelay", "retryDelaySeconds"],
  ];
  for (const [opt, field] of map) if (opts[opt] !== undefined) body[field] = opts[opt];
  if (opts.disabled) body.isEnabled = false;
  if (opts.enabled) body.isEnabled = true;
  return body;
}

function fieldOptions(cmd: Command): Command {
  return cmd
    .option("--description <text>", "what it is for")
    .option("--cron <expression>", 'a 5-field cron expression or macro, such as "0 9 * * 1-5" or @daily')
    .option("--timezone <zone>", "an IANA time zone (default UTC)")
    .option("--entrypoint <type>", "the job type: log, http, llm, shell, heartbeat (default log)")
    .option("--payload <json>", "the job type's settings as JSON", jsonArg("--payload"))
    .option("--overlap <policy>", "skip or allow")
    .option("--misfire <policy>", "run_once or skip")
    .option("--timeout <seconds>", "seconds a run may take", int("--timeout", 1))
    .option("--retries <n>", "retries after a failure", int("--retries", 0))
    .option("--retry-delay <seconds>", "seconds between retries", int("--retry-delay", 1))
    .option("-f, --file <file.json>", "read the fields from a JSON file (as the API spells them); options override it");
}

async function confirmOrYes(question: string, yes: unknown): Promise<void> {
  if (yes) return;
  if (!isInteractive()) throw new CliError("refusing without a terminal to ask on: pass --yes", EXIT.usage);
  if (!(await confirm(question))) throw new CliError("cancelled", EXIT.failed);
}

export function schedulesCommand(): Command {
  const cmd = new Command("schedules").alias("s").description("list, show, create, change, delete and run schedules");
  example(cmd, "almanac schedules ls", "almanac schedules run nightly-backup --follow");

  const ls = common(cmd.command("ls").alias("list").description("list schedules by name"))
    .option("--enabled", "only enabled schedules")
    .option("--disabled", "only disabled schedules")
    .option("--search <q>", "only names or descriptions containing q (ignoring case)")
    .option("--limit <n>", "at most n (1-200)", int("--limit", 1), 50)
    .action(async (opts: Opts) => {
      if (opts.enabled && opts.disabled) throw new CliError("choose one of --enabled and --disabled", EXIT.usage);
      const teamId = await resolveTeam(opts.team);
      const enabled = opts.enabled ? "true" : opts.disabled ? "false" : undefined;
      const page = await api().get<Page<Schedule> & { counts?: { all: number; enabled: number; disabled: number } }>("/api/v1/schedules", {
        teamId,
        enabled,
        q: opts.search as string | undefined,
        limit: opts.limit as number,
      });
      if (opts.json) return printJson(page);
      if (page.items.length === 0) return void process.stderr.write("No schedules.\n");
      process.stdout.write(`${table(SCHEDULE_HEADER, scheduleRows(page.items), { maxWidth: terminalWidth(), paint, shrink: [1, 2] })}\n`);
      if (page.nextCursor) process.stderr.write(paintErr("dim", `(the first ${page.items.length}: more with --limit or --search)\n`));
    });
  example(ls, "almanac schedules ls --enabled --search backup", "almanac schedules ls --team Platform --json | jq '.items[].name'");

  const get = common(cmd.command("get").description("show one schedule").argument("<id|name>", "the schedule's id or exact name"))
    .action(async (ref: string, opts: Opts) => show(await resolveSchedule(ref, await resolveTeam(opts.team)), opts));
  example(get, 'almanac schedules get "nightly backup"');

  const create = common(fieldOptions(cmd.command("create").description("create a schedule")).option("--name <name>", "its name (unique in the team)").option("--disabled", "create it paused"))
    .action(async (opts: Opts) => {
      const body = fieldsFrom(opts);
      if (body.name === undefined) throw new CliError("--name is required (or a name in --file)", EXIT.usage);
      if (body.cronExpression === undefined) throw new CliError("--cron is required (or a cronExpression in --file)", EXIT.usage);
      const teamId = await resolveTeam(opts.team);
      if (teamId) body.teamId = teamId;
      const s = await api().post<Schedule>("/api/v1/schedules", body);
      show(s, opts, paintErr("green", `Created "${s.name}" (${s.id})`));
    });
  example(
    create,
    `almanac schedules create --name "nightly backup" --cron "0 2 * * *" --timezone Europe/Berlin --entrypoint http --payload '{"url": "https://backup.example.com/run"}'`,
    "almanac schedules create -f schedule.json --team Platform",
  );

  const edit = common(fieldOptions(cmd.command("edit").description("change a schedule's fields").argument("<id|name>", "the schedule's id or exact name")).option("--name <name>", "rename it"))
    .action(async (ref: string, opts: Opts) => {
      const body = fieldsFrom(opts);
      if (Object.keys(body).length === 0) throw new CliError("nothing to change: pass --cron, --payload, ... or -f", EXIT.usage);
      const target = await resolveSchedule(ref, await resolveTeam(opts.team));
      const s = await api().patch<Schedule>(`/api/v1/schedules/${target.id}`, body);
      show(s, opts, paintErr("green", `Updated "${s.name}"`));
    });
  example(edit, `almanac schedules edit "nightly backup" --cron "30 3 * * *"`, `almanac schedules edit cm3x0abc --payload '{"message": "hello"}'`);

  const rm = common(cmd.command("rm").alias("delete").description("delete a schedule and its runs").argument("<id|name>", "the schedule's id or exact name"))
    .option("-y, --yes", "do not ask (needed when not on a terminal)")
    .action(async (ref: string, opts: Opts) => {
      const target = await resolveSchedule(ref, await resolveTeam(opts.team));
      await confirmOrYes(`Delete "${target.name}" (${target.id}) and its runs?`, opts.yes);
      await api().delete(`/api/v1/schedules/${target.id}`);
      if (opts.json) return printJson({ deleted: target.id });
      process.stderr.write(`Deleted "${target.name}" (${target.id})\n`);
    });
  example(rm, 'almanac schedules rm "nightly backup" --yes');

  for (const [name, enabled, verb] of [["pause", false, "Paused"], ["resume", true, "Resumed"]] as const) {
    const c = common(cmd.command(name).description(enabled ? "enable a schedule" : "disable a schedule (runs already queued still run)").argument("<id|name>", "the schedule's id or exact name"))
      .action(async (ref: string, opts: Opts) => {
        const target = await resolveSchedule(ref, await resolveTeam(opts.team));
        const s = await api().patch<Schedule>(`/api/v1/schedules/${target.id}/toggle`, { isEnabled: enabled });
        if (opts.json) return printJson(s);
        process.stderr.write(`${verb} "${s.name}"${s.nextRunAt ? `: next run ${relativeTime(s.nextRunAt)}` : ""}\n`);
      });
    example(c, `almanac schedules ${name} "nightly backup"`);
  }

  const run = common(cmd.command("run").description("run a schedule now (enabled or not) and print the run's id").argument("<id|name>", "the schedule's id or exact name"))
    .option("--follow", "follow the run's output until it ends; exit 1 unless it succeeded")
    .action(async (ref: string, opts: Opts) => {
      const target = await resolveSchedule(ref, await resolveTeam(opts.team));
      const { run: r } = await api().post<{ run: Run }>(`/api/v1/schedules/${target.id}/run`);
      if (opts.json && !opts.follow) return printJson(r);
      if (!opts.follow) return void process.stdout.write(`${r.id}\n`);
      process.stderr.write(paintErr("dim", `run ${r.id} of "${target.name}" queued\n`));
      const end = await followOutput(api(), r.id);
      process.stderr.write(paintErr(end.status === "succeeded" ? "dim" : "red", `${endNote(end)}\n`));
      if (end.status !== "succeeded") process.exitCode = EXIT.failed;
    });
  example(run, 'almanac schedules run "nightly backup"', 'almanac schedules run "nightly backup" --follow');

  const rotate = common(
    cmd
      .command("rotate-ping-key")
      .description("give a heartbeat check a new ping URL and print it; the old one stops working at once")
      .argument("<id|name>", "the check's id or exact name"),
  ).action(async (ref: string, opts: Opts) => {
    const target = await resolveSchedule(ref, await resolveTeam(opts.team));
    const s = await api().post<Schedule>(`/api/v1/schedules/${target.id}/ping-key`);
    if (opts.json) return printJson(s);
    process.stderr.write(paintErr("green", `New ping URL for "${s.name}"; the old one no longer works:\n`));
    process.stdout.write(`${s.pingUrl}\n`);
  });
  example(rotate, 'almanac schedules rotate-ping-key "nightly backup check"', 'PING=$(almanac schedules rotate-ping-key cm3x0abc)');

  return cmd;
}
