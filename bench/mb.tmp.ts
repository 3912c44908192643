import { createExecutor } from "../lib/scheduler/executor";
import { createTasks } from "../lib/scheduler/tasks";
import { systemClock } from "../lib/scheduler/clock";
import { runEntrypoint } from "../lib/entrypoints/registry";
const log = { debug() {}, info() {}, warn() {}, error() {} };
const tasks = createTasks(systemClock, log as never);
let finished = 0;
const recorder = { finish() { finished++; }, drain: async () => {} };
const store = { markStarted: async (ids: string[]) => new Set(ids), unmarkStarted: async () => 0, startable: async () => [], take: async () => new Set(), releaseOwnQueued: async () => 0, markLost: async () => true };
const ex = createExecutor({ store: store as never, recorder: recorder as never, clock: systemClock, log: log as never, tasks, run: (k, p, c) => runEntrypoint(k, p, c), concurrency: 10, loadSchedules: async () => new Map() });
const N = 10000;
const jobs = Array.from({ length: N }, (_, i) => ({ run: { id: "r" + i, scheduleId: "s" + i, scheduledFor: new Date(), attempt: 1, trigger: "schedule" as const }, schedule: { id: "s" + i, name: "n" + i, userId: "u", timezone: "UTC", entrypoint: "log", payload: { message: "hi" }, timeoutSeconds: 300, updatedAt: new Date() } as never }));
for (let round = 0; round < 3; round++) {
  finished = 0;
  const t = performance.now();
  ex.admit(jobs.map((j) => ({ ...j, run: { ...j.run, id: j.run.id + "-" + round } })));
  while (finished < N) await new Promise((r) => setImmediate(r));
  console.log("round", round, "ms", (performance.now() - t).toFixed(0), "µs/run", (((performance.now() - t) * 1000) / N).toFixed(1));
}
process.exit(0);
