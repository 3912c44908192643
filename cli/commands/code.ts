// almanac export, apply, import-crontab: schedules as code, through
// GET /api/v1/schedules/export, POST /api/v1/schedules/apply and POST /api/v1/schedules/import/crontab.
import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { ApiError } from "../client";
import { api, common, example, paint, paintErr, printJson, resolveTeam } from "../context";
import { CliError, EXIT, exitForStatus } from "../errors";
import type { Paint } from "../format";
import { confirm, isInteractive } from "../prompt";

export type FieldChange = { from: unknown; to: unknown };
export type ItemError = { name?: string; line?: number; field?: string; message: string };
export type ApplyResult = {
  created: string[];
  updated: { name: string; changes: Record<string, FieldChange> }[];
  deleted: string[];
  unchanged: number;
  errors?: ItemError[];
};

function readInput(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** `file:12: nightly: cronExpression: ...`, one line per error. */
export function errorLines(errors: ItemError[], file: string): string[] {
  return errors.map((e) => [e.line !== undefined ? `${file}:${e.line}` : file, e.name, e.field, e.message].filter((p) => p !== undefined && p !== "").join(": "));
}

/**
 * A refused document (400; 403 when a change needs a higher role) lists its errors beside the
 * error envelope: one CliError with a line for each.
 */
async function withItemErrors<T>(file: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && (err.status === 400 || err.status === 403)) {
      const errors = (err.body as { errors?: ItemError[] } | null)?.errors;
      if (Array.isArray(errors) && errors.length) throw new CliError(err.message, exitForStatus(err.status), err.fields, errorLines(errors, file));
    }
    throw err;
  }
}

const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));

/** The plan as a diff: + created, ~ updated with each field's from and to, - deleted. */
export function planText(plan: ApplyResult, color: Paint = paint): string {
  const lines: string[] = [];
  for (const name of plan.created) lines.push(color("green", `+ ${name}`));
  for (const u of plan.updated) {
    lines.push(color("yellow", `~ ${u.name}`));
    for (const [field, c] of Object.entries(u.changes)) {
      lines.push(color("red", `    - ${field}: ${show(c.from)}`));
      lines.push(color("green", `    + ${field}: ${show(c.to)}`));
    }
  }
  for (const name of plan.deleted) lines.push(color("red", `- ${name}`));
  lines.push(summary(plan));
  return lines.join("\n");
}

export const summary = (r: ApplyResult) => `${r.created.length} to create, ${r.updated.length} to update, ${r.deleted.length} to delete, ${r.unchanged} unchanged`;
const changes = (r: ApplyResult) => r.created.length + r.updated.length + r.deleted.length;

function formatOf(file: string, given: string | undefined): "yaml" | "json" {
  if (given) return given as "yaml" | "json";
  if (/\.json$/i.test(file)) return "json";
  return "yaml";
}

export function exportCommand(): Command {
  const cmd = common(new Command("export").description("print the team's schedules as a document for apply"), { json: false })
    .addOption(new Option("--format <format>", "yaml or json").choices(["yaml", "json"]).default("yaml"))
    .option("-o, --output <file>", "write to a file instead of stdout")
    .action(async (opts: { team?: string; format: string; output?: string }) => {
      const res = await api().send("GET", "/api/v1/schedules/export", { query: { teamId: await resolveTeam(opts.team), format: opts.format } });
      const text = await res.text();
      if (opts.output) {
        writeFileSync(opts.output, text.endsWith("\n") ? text : `${text}\n`);
        process.stderr.write(`Wrote ${opts.output}\n`);
      } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    });
  return example(cmd, "almanac export --team Platform > schedules.yaml");
}

export function applyCommand(): Command {
  const cmd = common(new Command("apply").description("make the team's schedules match a document: shows the plan, asks, then applies"))
    .requiredOption("-f, --file <file>", "the document (YAML or JSON; - for stdin)")
    .addOption(new Option("--format <format>", "yaml or json (by default from the file's extension; yaml otherwise)").choices(["yaml", "json"]))
    .option("--prune", "also delete the team's schedules the document does not name")
    .option("--dry-run", "show the plan only")
    .option("-y, --yes", "apply without asking (needed when not on a terminal)")
    .action(async (opts: { team?: string; json?: boolean; file: string; format?: string; prune?: boolean; dryRun?: boolean; yes?: boolean }) => {
      const body = { teamId: await resolveTeam(opts.team), format: formatOf(opts.file, opts.format), content: readInput(opts.file), prune: Boolean(opts.prune) };
      const plan = await withItemErrors(opts.file, () => api().post<ApplyResult>("/api/v1/schedules/apply", { ...body, dryRun: true }));
      if (opts.dryRun || changes(plan) === 0) {
        if (opts.json) printJson(plan);
        else process.stdout.write(`${changes(plan) === 0 ? `No changes (${plan.unchanged} unchanged).` : planText(plan)}\n`);
        return;
      }
      if (!opts.json) process.stdout.write(`${planText(plan)}\n`);
      if (!opts.yes) {
        if (!isInteractive()) throw new CliError("refusing to apply without a terminal to ask on: pass --yes (or --dry-run to see the plan)", EXIT.usage);
        if (!(await confirm("Apply these changes?"))) throw new CliError("cancelled: nothing changed", EXIT.failed);
      }
      const result = await withItemErrors(opts.file, () => api().post<ApplyResult>("/api/v1/schedules/apply", { ...body, dryRun: false }));
      if (opts.json) return printJson(result);
      process.stderr.write(`Applied: ${result.created.length} created, ${result.updated.length} updated, ${result.deleted.length} deleted, ${result.unchanged} unchanged\n`);
    });
  return example(cmd, "almanac apply -f schedules.yaml --dry-run", "almanac apply -f schedules.yaml --prune --yes --team Platform");
}

/** POST /api/v1/schedules/import/crontab's answer (the fields the CLI shows). */
export type ImportResult = {
  teamId: string;
  dryRun: boolean;
  imported: { line: number; id: string | null; name: string }[];
  skipped: { line: number; text: string; reason: string }[];
  preview: { line: number; name: string; cronExpression: string; cronHuman: string }[];
};

/** `+ name  (line 3: At 03:00 AM, every day (UTC))` for each schedule imported. */
export function importedLines(result: ImportResult, color: Paint = paint): string[] {
  const byLine = new Map(result.preview.map((p) => [p.line, p]));
  return result.imported.map((i) => {
    const p = byLine.get(i.line);
    return `${color("green", `+ ${i.name}`)}  (line ${i.line}${p ? `: ${p.cronExpression}, ${p.cronHuman}` : ""})`;
  });
}

const lineList = (value: string) => {
  if (!/^\d+(,\d+)*$/.test(value)) throw new InvalidArgumentError("--lines must be line numbers separated by commas, such as 3,5,8");
  return value.split(",").map(Number);
};

export function importCrontabCommand(): Command {
  const cmd = common(new Command("import-crontab").description("create shell schedules from a crontab's entries (lines that cannot be imported are listed with why)"))
    .requiredOption("-f, --file <file>", "the crontab (- for stdin, e.g. crontab -l | almanac import-crontab -f -)")
    .option("--dry-run", "show what would be imported, create nothing")
    .option("--timezone <zone>", "the zone of entries before any CRON_TZ= line (default UTC)")
    .option("--system", "a system crontab (/etc/crontab, /etc/cron.d): a user column before each command")
    .option("--lines <n,n,...>", "import only these line numbers (see a --dry-run)", lineList)
    .action(async (opts: { team?: string; json?: boolean; file: string; dryRun?: boolean; timezone?: string; system?: boolean; lines?: number[] }) => {
      const body = {
        teamId: await resolveTeam(opts.team),
        content: readInput(opts.file),
        dryRun: Boolean(opts.dryRun),
        timezone: opts.timezone,
        system: opts.system ? true : undefined,
        lines: opts.lines,
      };
      const result = await api().post<ImportResult>("/api/v1/schedules/import/crontab", body);
      if (opts.json) return printJson(result);
      for (const line of importedLines(result)) process.stdout.write(`${line}\n`);
      for (const s of result.skipped) process.stderr.write(`${paintErr("yellow", `${opts.file}:${s.line}: not imported: ${s.reason}`)}\n`);
      const n = result.imported.length;
      const skipped = result.skipped.length ? ` (${result.skipped.length} line${result.skipped.length === 1 ? "" : "s"} not imported)` : "";
      process.stderr.write(`${result.dryRun ? "Would import" : "Imported"} ${n} schedule${n === 1 ? "" : "s"}${skipped}\n`);
    });
  return example(cmd, "crontab -l | almanac import-crontab -f - --dry-run", "almanac import-crontab -f /etc/crontab --system --timezone Europe/Berlin --team Platform");
}
