// almanac runs ls, almanac logs <runId> [-f]
import { Command } from "commander";
import { api, common, example, int, paint, paintErr, printJson, resolveSchedule, resolveTeam, terminalWidth, type Page, type Run } from "../context";
import { CliError, EXIT } from "../errors";
import { duration, relativeTime, statusCell, table } from "../format";
import { endNote, followOutput, printOutput } from "../logs";

const STATUSES = ["queued", "running", "succeeded", "failed", "timed_out", "skipped", "lost", "missed"];

export function runRows(items: Run[], now = new Date()) {
  return items.map((r) => [r.id, r.scheduleName, r.trigger, statusCell(r.status), relativeTime(r.startedAt ?? r.scheduledFor, now), duration(r.durationMs)]);
}
export const RUN_HEADER = ["ID", "SCHEDULE", "TRIGGER", "STATUS", "STARTED", "DURATION"];

export function runsCommand(): Command {
  const cmd = new Command("runs").description("the run history");
  example(cmd, "almanac runs ls --status failed");
  const ls = common(cmd.command("ls").alias("list").description("runs, newest first"))
    .option("--schedule <id|name>", "only this schedule's runs")
    .option("--status <status>", `only runs with this status (${STATUSES.join(", ")})`)
    .option("--limit <n>", "at most n (1-200)", int("--limit", 1), 50)
    .action(async (opts: { team?: string; json?: boolean; schedule?: string; status?: string; limit: number }) => {
      if (opts.status && !STATUSES.includes(opts.status)) throw new CliError(`--status must be one of ${STATUSES.join(", ")}`, EXIT.usage);
      const teamId = await resolveTeam(opts.team);
      const query = { status: opts.status, limit: opts.limit };
      const page = opts.schedule
        ? await api().get<Page<Run>>(`/api/v1/schedules/${(await resolveSchedule(opts.schedule, teamId)).id}/runs`, query)
        : await api().get<Page<Run>>("/api/v1/runs", { ...query, teamId });
      if (opts.json) return printJson(page);
      if (page.items.length === 0) return void process.stderr.write("No runs.\n");
      process.stdout.write(`${table(RUN_HEADER, runRows(page.items), { maxWidth: terminalWidth(), paint, shrink: [1] })}\n`);
    });
  example(ls, 'almanac runs ls --schedule "nightly backup" --status failed --limit 10');
  return cmd;
}

export function logsCommand(): Command {
  const cmd = new Command("logs")
    .description("a run's output: stdout to stdout, stderr and the job's log lines to stderr")
    .argument("<runId>", "the run's id (almanac runs ls, almanac schedules run)")
    .option("-f, --follow", "follow the output until the run ends; exit 0 if it succeeded, 1 if not")
    .action(async (runId: string, opts: { follow?: boolean }) => {
      if (opts.follow) {
        const end = await followOutput(api(), runId);
        process.stderr.write(paintErr(end.status === "succeeded" ? "dim" : "red", `${endNote(end)}\n`));
        if (end.status !== "succeeded") process.exitCode = EXIT.failed;
        return;
      }
      const end = await printOutput(api(), runId);
      if (!end.finished) process.stderr.write(paintErr("dim", `(the run is ${end.status}: follow it with almanac logs -f ${runId})\n`));
      else if (end.droppedBytes > 0) process.stderr.write(paintErr("dim", `(${end.droppedBytes} bytes of output past the cap were dropped)\n`));
    });
  example(cmd, "almanac logs cm3x0abc", "almanac logs -f $(almanac schedules run deploy)");
  return cmd;
}
