// The tables bench:worker prints (markdown), and the goals they are held against.
import { BURST_SIZES, LOOP_LEAD_MS, LOOP_RESOLUTION_MS, type BurstResult } from "./burst";
import { count, CONCURRENCY, mb, ms, pct, ratio, type Kind } from "./common";
import { EDIT_SETUP, type EditResult } from "./edits";
import { STARTUP_SCHEDULES, ZONES, type StartupResult } from "./startup";
import { MANUAL_SCHEDULES, type ThroughputResult } from "./throughput";

// The goals of the engine rewrite (figure 1 per database; 2 and 3 at the 10,000 burst).
const EDIT_GOAL_MS: Record<Kind, number> = { SQLite: 500, PostgreSQL: 250 };
const LOOP_GOAL_MS = 100;
const LATENESS_GOAL_MS = 300;
const RSS_GOAL_MB = { started: 200, writtenBack: 250 };
const START_GOAL_MS = 10_000;
const BIG = BURST_SIZES[BURST_SIZES.length - 1];

export type Results = { edits: EditResult[]; bursts: BurstResult[]; startups: StartupResult[]; throughputs: ThroughputResult[] };
/** A failed scenario: its row says so, and the script goes on. */
export type Failure = { kind: Kind; scenario: string; error: string };

const met = (ok: boolean) => (ok ? "met" : "not met");
const trio = (sorted: number[]) => (sorted.length ? `${ms(pct(sorted, 50))} / ${ms(pct(sorted, 95))} / ${ms(sorted[sorted.length - 1])}` : "-");
const late3 = (sorted: number[]) => (sorted.length ? `${ms(pct(sorted, 50))} / ${ms(pct(sorted, 99))} / ${ms(sorted[sorted.length - 1])}` : "-");
const memory = (m: { rss: number; heapUsed: number }) => `${mb(m.rss)} (${mb(m.heapUsed)})`;

export function editTable(rows: EditResult[], failures: Failure[]): string[] {
  const { workers, edits, schedules, pollMs, timeoutMs } = EDIT_SETUP;
  return [
    `### 1. Edit to armed on every worker (${workers} workers); ms from the updateSchedule() call\n`,
    `${count(schedules)} daily schedules; ${workers} engines in this process, each on its own Prisma client, the second started at a random offset; ${edits} edits of the cron expression through lib/schedules updateSchedule() on a third client (the API's), each after a random 0-1 s pause (so at every phase of the workers' 1 s sync), to a random schedule; isArmed(id, updatedAt of the edit) polled on both every ${pollMs} ms; not armed within ${timeoutMs / 1000} s counts as never. Floor: the updateSchedule() call itself. Databases one after the other.\n`,
    "| database | edits | every worker p50 / p95 / max | first worker p50 / p95 / max | floor: updateSchedule() p50 / p95 / max | p95 vs floor p95 | goal p95 | load avg |",
    "|---|---:|---:|---:|---:|---:|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.edits} | ${trio(r.armedAll)} | ${trio(r.armedFirst)} | ${trio(r.writes)} | ${ratio(pct(r.armedAll, 95), pct(r.writes, 95))} | <= ${EDIT_GOAL_MS[r.kind]}: ${met(pct(r.armedAll, 95) <= EDIT_GOAL_MS[r.kind])} | ${r.loadBefore} / ${r.loadAfter} |`,
    ),
    ...failureRows(failures, 8),
    "",
    ...rows.map((r) => `- ${r.notes}`),
  ];
}

export function loopTable(rows: BurstResult[], failures: Failure[]): string[] {
  return [
    `### 2. Event loop blocked during a burst of slots due at once; ms (monitorEventLoopDelay, resolution ${LOOP_RESOLUTION_MS} ms)\n`,
    `Window: from ${LOOP_LEAD_MS / 1000} s before the slot (the engine prepares a burst ahead of it) until every run has executed and engine.idle() resolved (outcomes written), or 120 s. The monitor reads the whole interval between its ${LOOP_RESOLUTION_MS} ms ticks, so an idle loop reads about ${LOOP_RESOLUTION_MS} ms. Floor: the same monitor over an idle interval of the same length (at most 30 s), in this process after the engine stopped.\n`,
    "| database | slots | window s | max | p99 | max in the s before the slot | floor max / p99 | max vs floor max | goal max |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${count(r.n)} | ${(r.loop.windowMs / 1000).toFixed(1)} | ${ms(r.loop.maxMs)} | ${ms(r.loop.p99Ms)} | ${ms(r.preSlotMaxMs)} | ${ms(r.idleLoop.maxMs)} / ${ms(r.idleLoop.p99Ms)} (${(r.idleLoop.windowMs / 1000).toFixed(1)} s) | ${ratio(r.loop.maxMs, r.idleLoop.maxMs)} | ${r.n === BIG ? `<= ${LOOP_GOAL_MS}: ${met(r.loop.maxMs <= LOOP_GOAL_MS)}` : "-"} |`,
    ),
    ...failureRows(failures, 9),
  ];
}

export function latenessTable(rows: BurstResult[], failures: Failure[]): string[] {
  return [
    `### 3. Fire lateness at one minute boundary (\`* * * * *\`, log job); ms; run.startedAt - run.scheduledFor from the runs table\n`,
    `The same bursts as in 2, one database after the other, each at its own boundary; the engine started >= 15 s before it. Floor: one setTimeout calling N handlers (no database), in this process before the engine started, at a whole second. "fire" = the engine's own "fire" log line (claim insert returned).\n`,
    "| database | slots | succeeded | all finished after s | p50 / p99 / max | floor p50 / p99 / max | p99 vs floor p99 | fire p50 / p99 / max | goal p99 |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map((r) => {
      const p99 = pct(r.lateness, 99);
      return `| ${r.kind} | ${count(r.n)} | ${count(r.succeeded)} | ${r.finishedS === null ? "not within 120 s" : r.finishedS.toFixed(1)} | ${late3(r.lateness)} | ${late3(r.timerFloor)} | ${ratio(p99, pct(r.timerFloor, 99))} | ${late3(r.fire)} | ${r.n === BIG ? `<= ${ms(LATENESS_GOAL_MS)}: ${met(p99 <= LATENESS_GOAL_MS)}` : "-"} |`;
    }),
    ...failureRows(failures, 9),
    "",
    ...rows.map((r) => `- ${r.notes}`),
  ];
}

export function startupTable(rows: StartupResult[], failures: Failure[], gcSource: string): string[] {
  return [
    `### 4. Worker memory with ${count(STARTUP_SCHEDULES)} enabled schedules (40 real-world expressions x ${ZONES.length} zones); MB, RSS (V8 heap used)\n`,
    `The engine runs in a fresh worker process (this script with --startup-child) so that the seeding does not count. Every figure is read after two forced full GCs (gc from ${gcSource}). Floor: that process before the engine's client is created. "Written back": no enabled schedule's nextRunAt in the database is earlier than the moment start() was called (the worker's write-back of the stale ones is done), engine.idle() resolved, then one more sync interval and idle() again; runs that fire meanwhile are part of it.\n`,
    "| database | schedules armed | seed s | start() s | floor | after start() | written back after s | after write-back | goals: start() <= 10 s, RSS <= 200 / 250 MB |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${count(r.armed)} | ${r.seedS.toFixed(1)} | ${(r.startMs / 1000).toFixed(2)} | ${memory(r.baseline)} | ${memory(r.started)} | ${r.writebackMs === null ? "not within 90 s" : (r.writebackMs / 1000).toFixed(1)} | ${memory(r.writtenBack)} | ${met(r.startMs <= START_GOAL_MS)} / ${met(mb(r.started.rss) <= RSS_GOAL_MB.started)} / ${met(mb(r.writtenBack.rss) <= RSS_GOAL_MB.writtenBack)} |`,
    ),
    ...failureRows(failures, 9),
    "",
    ...rows.map((r) => `- ${r.notes}`),
  ];
}

export function throughputTable(rows: ThroughputResult[], failures: Failure[]): string[] {
  return [
    `### 5. Manual runs recorded per second: queued at once over ${MANUAL_SCHEDULES} schedules, until all succeeded\n`,
    `Databases one after the other. Seconds: from the insert to the last run's finishedAt. The engine polls queued runs in its sync, up to concurrency x 2 = ${CONCURRENCY * 2} at a time.\n`,
    "| database | queued | succeeded | seconds | runs/s |",
    "|---|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r.kind} | ${count(r.queued)} | ${count(r.succeeded)} | ${r.seconds.toFixed(1)} | ${(r.succeeded / r.seconds).toFixed(1)} |`),
    ...failureRows(failures, 5),
  ];
}

/** The four figures x databases, measured beside their floor and goal: the table for docs/architecture.md. */
export function summaryTable(kinds: Kind[], r: Results): string[] {
  const lines = ["| figure | database | measured | floor (same run) | vs floor | goal | met |", "|---|---|---:|---:|---:|---|---|"];
  const missing = (figure: string, kind: Kind) => lines.push(`| ${figure} | ${kind} | not run | | | | |`);
  for (const kind of kinds) {
    const f = "1. edit to armed on every worker (2 workers), p95 (p50 / max), ms";
    const e = r.edits.find((x) => x.kind === kind);
    if (!e) missing(f, kind);
    else {
      const p95 = pct(e.armedAll, 95);
      lines.push(`| ${f} | ${kind} | ${ms(p95)} (${ms(pct(e.armedAll, 50))} / ${ms(e.armedAll[e.armedAll.length - 1])}) | ${ms(pct(e.writes, 95))} (the write) | ${ratio(p95, pct(e.writes, 95))} | <= ${EDIT_GOAL_MS[kind]} ms | ${met(p95 <= EDIT_GOAL_MS[kind])} |`);
    }
  }
  for (const kind of kinds) {
    const f = `2. event loop blocked, ${count(BIG)}-slot burst, max (p99), ms`;
    const b = r.bursts.find((x) => x.kind === kind && x.n === BIG);
    if (!b) missing(f, kind);
    else lines.push(`| ${f} | ${kind} | ${ms(b.loop.maxMs)} (${ms(b.loop.p99Ms)}) | ${ms(b.idleLoop.maxMs)} (${ms(b.idleLoop.p99Ms)}) idle | ${ratio(b.loop.maxMs, b.idleLoop.maxMs)} | <= ${LOOP_GOAL_MS} ms | ${met(b.loop.maxMs <= LOOP_GOAL_MS)} |`);
  }
  for (const kind of kinds) {
    const f = `3. fire lateness p99, ${count(BIG)} due at once, ms`;
    const b = r.bursts.find((x) => x.kind === kind && x.n === BIG);
    if (!b) missing(f, kind);
    else {
      const p99 = pct(b.lateness, 99);
      lines.push(`| ${f} | ${kind} | ${ms(p99)} | ${ms(pct(b.timerFloor, 99))} (plain timers) | ${ratio(p99, pct(b.timerFloor, 99))} | <= ${ms(LATENESS_GOAL_MS)} ms | ${met(p99 <= LATENESS_GOAL_MS)} |`);
    }
  }
  for (const kind of kinds) {
    const f = `4. worker RSS (heap used), ${count(STARTUP_SCHEDULES)} schedules, after start() / after write-back, MB`;
    const s = r.startups.find((x) => x.kind === kind);
    if (!s) missing(f, kind);
    else
      lines.push(
        `| ${f} | ${kind} | ${mb(s.started.rss)} (${mb(s.started.heapUsed)}) / ${mb(s.writtenBack.rss)} (${mb(s.writtenBack.heapUsed)}) | ${mb(s.baseline.rss)} (${mb(s.baseline.heapUsed)}) before start | +${mb(s.started.rss - s.baseline.rss)} / +${mb(s.writtenBack.rss - s.baseline.rss)} MB | <= ${RSS_GOAL_MB.started} / ${RSS_GOAL_MB.writtenBack} MB | ${met(mb(s.started.rss) <= RSS_GOAL_MB.started)} / ${met(mb(s.writtenBack.rss) <= RSS_GOAL_MB.writtenBack)} |`,
      );
  }
  return lines;
}

function failureRows(failures: Failure[], columns: number): string[] {
  return failures.map((f) => `| ${f.kind} | ${f.scenario}: FAILED: ${f.error} |${" |".repeat(Math.max(0, columns - 2))}`);
}
