// almanac export, apply, import-crontab: schedules as code, through
// GET /api/v1/schedules/export, POST /api/v1/schedules/apply and POST /api/v1/schedules/import/crontab.
import { readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { ApiError } from "../client";
import { api, common, example, paint, printJson, resolveTeam } from "../context";
import { CliError, EXIT } from "../errors";
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

/** A 400 whose body lists the document's errors becomes one CliError with a line for each. */
async function withItemErrors<T>(file: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) {
      const body = err.body as { errors?: ItemError[]; error?: { errors?: ItemError[] } } | null;
      const errors = body?.errors ?? body?.error?.errors;
      if (Array.isArray(errors) && errors.length) throw new CliError(err.message, EXIT.failed, err.fields, errorLines(errors, file));
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

type ImportResult = { created?: (string | { name: string })[]; errors?: ItemError[] } & Record<string, unknown>;

export function importCrontabCommand(): Command {
  const cmd = common(new Command("import-crontab").description("create schedules from a crontab file's lines"))
    .requiredOption("-f, --file <file>", "the crontab (- for stdin, e.g. crontab -l | almanac import-crontab -f -)")
    .option("--dry-run", "show what would be created, create nothing")
    .action(async (opts: { team?: string; json?: boolean; file: string; dryRun?: boolean }) => {
      const body = { teamId: await resolveTeam(opts.team), content: readInput(opts.file), dryRun: Boolean(opts.dryRun) };
      const result = await withItemErrors(opts.file, () => api().post<ImportResult>("/api/v1/schedules/import/crontab", body));
      if (opts.json) return printJson(result);
      const created = (result.created ?? []).map((c) => (typeof c === "string" ? c : c.name));
      for (const name of created) process.stdout.write(`${paint("green", `+ ${name}`)}\n`);
      for (const line of errorLines(result.errors ?? [], opts.file)) process.stderr.write(`${line}\n`);
      process.stderr.write(`${opts.dryRun ? "Would create" : "Created"} ${created.length} schedule${created.length === 1 ? "" : "s"}\n`);
      if (result.errors?.length) process.exitCode = EXIT.failed;
    });
  return example(cmd, "crontab -l | almanac import-crontab -f - --dry-run", "almanac import-crontab -f /etc/crontab --team Platform");
}
