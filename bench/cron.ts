// npm run bench:cron: next-fire computations per second, ours against cron-parser and croner,
// over 1,000 real-world expressions in 5 zones, in the same run. Prints a table; asserts nothing.
//
// The 1,000 expressions are the round-trip corpus (lib/cron/corpus/real-world.txt, collected from
// crontabs, Kubernetes CronJobs and CI workflows) plus variants of its fixed-time entries with
// other minutes and hours, which keep their real-world shapes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { CronExpressionParser } from "cron-parser";
import { Cron } from "croner";
import { nextRun } from "../lib/cron/next-runs";
import { validateCron } from "../lib/cron/validate";

const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];
const STARTS_PER_PAIR = 20;
const TARGET = 1000;

function corpus(): string[] {
  const file = path.resolve(import.meta.dirname, "../lib/cron/corpus/real-world.txt");
  const base = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l && validateCron(l).ok);
  const out = new Set(base);
  // Variants: the same shapes at other times of day.
  for (let shift = 1; out.size < TARGET && shift < 60; shift++) {
    for (const e of base) {
      const [m, h, ...rest] = e.split(" ");
      if (!/^\d+$/.test(m) || !/^\d+$/.test(h)) continue;
      out.add([(Number(m) + shift * 7) % 60, (Number(h) + shift) % 24, ...rest].join(" "));
      if (out.size >= TARGET) break;
    }
  }
  return [...out].slice(0, TARGET);
}

type Lib = { name: string; prepare: (expr: string, zone: string) => ((after: Date) => number) | null };

const libs: Lib[] = [
  { name: "almanac (lib/cron)", prepare: (expr, zone) => (after) => nextRun(expr, zone, after)?.getTime() ?? NaN },
  {
    name: "cron-parser 5",
    prepare: (expr, zone) => {
      const it = CronExpressionParser.parse(expr, { tz: zone, currentDate: new Date(0) });
      return (after) => {
        it.reset(after);
        return it.next().getTime();
      };
    },
  },
  {
    name: "croner",
    prepare: (expr, zone) => {
      const job = new Cron(expr, { timezone: zone, paused: true });
      return (after) => job.nextRun(after)?.getTime() ?? NaN;
    },
  },
];

const expressions = corpus();
const base = Date.UTC(2026, 0, 1);
const starts = Array.from({ length: STARTS_PER_PAIR }, (_, i) => new Date(base + i * 17.3 * 86_400_000 + i * 7_777_000));
console.log(`${expressions.length} expressions x ${ZONES.length} zones x ${starts.length} start instants = ${expressions.length * ZONES.length * starts.length} next-fire computations per library\n`);

const results: { name: string; perSecond: number; failures: number; answers: number[] }[] = [];
for (const lib of libs) {
  const fns: ((after: Date) => number)[] = [];
  let failures = 0;
  for (const e of expressions)
    for (const z of ZONES) {
      try {
        fns.push(lib.prepare(e, z)!);
      } catch {
        failures++;
        fns.push(() => NaN);
      }
    }
  // Warm-up pass (JIT, zone caches), then the timed pass.
  for (const fn of fns) fn(starts[0]);
  const answers: number[] = [];
  const t0 = process.hrtime.bigint();
  for (const fn of fns) {
    for (const s of starts) {
      try {
        answers.push(fn(s));
      } catch {
        answers.push(NaN);
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  results.push({ name: lib.name, perSecond: answers.length / seconds, failures, answers });
}

const ours = results[0];
const fastestOther = Math.max(...results.slice(1).map((r) => r.perSecond));
console.log("| library | next fires / s | vs almanac | refused to parse | answers differing from almanac |");
console.log("|---|---:|---:|---:|---:|");
for (const r of results) {
  const differing = r.answers.filter((a, i) => a !== ours.answers[i]).length;
  console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString("en-US")} | ${(r.perSecond / ours.perSecond).toFixed(2)}x | ${r.failures} | ${r === ours ? "-" : `${differing} of ${r.answers.length}`} |`);
}
console.log(`\nalmanac vs the faster of the others: ${(ours.perSecond / fastestOther).toFixed(2)}x the throughput (goal: at least 1/1.5 = 0.67x)`);
console.log(`memory: rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
