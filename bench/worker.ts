// npm run bench:worker: the scheduler engine (lib/scheduler) with the real clock, on
// SQLite and PostgreSQL, each scenario on a fresh database that is dropped afterwards. Four figures,
// each beside a floor measured in the same run, then a summary table for docs/architecture.md:
//   1. edit to armed on every worker: 2 engines, updateSchedule() -> isArmed(id, updatedAt) on both
//      (bench/worker/edits.ts);
//   2. event loop blocked during a burst of 1,000 and 10,000 slots due at once, and
//   3. the burst's fire lateness, run.startedAt - run.scheduledFor (bench/worker/burst.ts), the
//      engine in a worker process of its own, from the bundle;
//   4. worker RSS and heap with 100,000 schedules after start() and after its nextRunAt
//      write-back, in a fresh process (bench/worker/startup.ts);
// and, for reference, manual runs recorded per second (bench/worker/throughput.ts).
// The engine runs with its defaults (concurrency 10, sync every 1 s). Progress goes to stderr; the
// tables go to stdout. Asserts nothing. BENCH_ONLY=propagation,lateness,startup,throughput (or
// edits,burst,memory,throughput) runs a subset; BENCH_DATABASES=sqlite (or postgresql) one database;
// BENCH_CHILD_NODE_ARGS passes Node flags to the worker processes (for example --cpu-prof).
// Several minutes; the load average is printed with the figures, as the machine may be shared.
import os from "node:os";
import { fileURLToPath } from "node:url";
import { postgresUnavailable } from "../__tests__/support/postgres";
import { burst, BURST_CHILD_FLAG, burstChild, BURST_SIZES } from "./worker/burst";
import { CONCURRENCY, elapsedS, errorText, gc, gcSource, liveMemory, load, mb, progress, type Kind } from "./worker/common";
import { editToArmed } from "./worker/edits";
import { editTable, latenessTable, loopTable, startupTable, summaryTable, throughputTable, type Failure, type Results } from "./worker/report";
import { CHILD_FLAG, startup, startupChild } from "./worker/startup";
import { throughput } from "./worker/throughput";

const SCENARIOS = { propagation: "propagation", edits: "propagation", lateness: "lateness", burst: "lateness", startup: "startup", memory: "startup", throughput: "throughput" } as const;
type Scenario = (typeof SCENARIOS)[keyof typeof SCENARIOS];

function selected(): Set<Scenario> {
  const names = (process.env.BENCH_ONLY ?? "propagation,lateness,startup,throughput").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(n in SCENARIOS));
  if (unknown.length) throw new Error(`BENCH_ONLY: unknown scenario ${unknown.join(", ")}; known: ${Object.keys(SCENARIOS).join(", ")}`);
  return new Set(names.map((n) => SCENARIOS[n as keyof typeof SCENARIOS]));
}

async function main() {
  const only = selected();
  const pgReason = await postgresUnavailable();
  const wanted = (process.env.BENCH_DATABASES ?? "sqlite,postgresql").split(",").map((s) => s.trim().toLowerCase());
  const kinds = (["SQLite", "PostgreSQL"] as Kind[]).filter((k) => wanted.includes(k.toLowerCase()) && !(k === "PostgreSQL" && pgReason));
  if (pgReason && wanted.includes("postgresql")) progress(`PostgreSQL unavailable, skipped: ${pgReason}`);

  const results: Results = { edits: [], bursts: [], startups: [], throughputs: [] };
  const failed: Record<Scenario, Failure[]> = { propagation: [], lateness: [], startup: [], throughput: [] };
  /** Runs one measurement; a failure becomes a row of its table and the script goes on. */
  async function attempt<T>(scenario: Scenario, kind: Kind, what: string, fn: () => Promise<T>, into: T[]) {
    try {
      into.push(await fn());
    } catch (err) {
      progress(`${kind} ${what} failed: ${errorText(err)}`);
      failed[scenario].push({ kind, scenario: what, error: errorText(err) });
    }
  }

  const rssAtStart = mb(liveMemory().rss);
  const loadAtStart = load();
  const entry = fileURLToPath(import.meta.url);
  // Memory first, while this process is fresh (its worker is a child process, but the machine is quieter).
  if (only.has("startup")) for (const kind of kinds) await attempt("startup", kind, "startup", () => startup(kind, entry), results.startups);
  if (only.has("lateness")) for (const n of BURST_SIZES) for (const kind of kinds) await attempt("lateness", kind, `${n} slots`, () => burst(kind, n, entry), results.bursts);
  if (only.has("propagation")) for (const kind of kinds) await attempt("propagation", kind, "edits", () => editToArmed(kind), results.edits);
  if (only.has("throughput")) for (const kind of kinds) await attempt("throughput", kind, "throughput", () => throughput(kind), results.throughputs);

  const lines: string[] = [
    "",
    `bench:worker — scheduler engine with the real clock (bursts and memory in a worker process of their own, from the bundle; edits and throughput in this process), concurrency ${CONCURRENCY} (the default), sync every 1 s (the default); Node ${process.version}, ${os.cpus().length} CPUs; a fresh database per scenario; gc ${gc ? `from ${gcSource}` : "NOT available"}; this process ${rssAtStart} MB at the start`,
    "Schedules are seeded as last edited one a minute apart, the newest a minute ago (steady state), log job type, payload {message}.",
  ];
  if (pgReason) lines.push(`PostgreSQL unavailable, skipped: ${pgReason}`);
  const section = (scenario: Scenario, table: string[]) => only.has(scenario) && lines.push("", ...table);
  section("propagation", editTable(results.edits, failed.propagation));
  section("lateness", loopTable(results.bursts, failed.lateness));
  section("lateness", latenessTable(results.bursts, []));
  section("startup", startupTable(results.startups, failed.startup, gcSource));
  section("throughput", throughputTable(results.throughputs, failed.throughput));
  lines.push("", `### Summary (1-minute load average ${loadAtStart} at the start, ${load()} at the end; ${new Date().toISOString().slice(0, 10)})`, "", ...summaryTable(kinds, results));
  lines.push("", `total ${elapsedS().toFixed(0)} s`);
  console.log(lines.join("\n"));
}

if (process.argv.includes(CHILD_FLAG)) await startupChild();
else if (process.argv.includes(BURST_CHILD_FLAG)) await burstChild();
else await main();
process.exit(0);
