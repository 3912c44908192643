// Figure 1: edit to armed on every worker. Two engines (each on its own Prisma client, as two
// worker processes have) hold the same database's schedules; the API side edits a schedule's cron
// expression through updateSchedule(), and the time runs from that call until
// isArmed(id, newUpdatedAt) is true on both engines. The floor is the updateSchedule() call itself:
// no worker can arm a version before it is written.
import type { Db } from "../../lib/db/client";
import { computeNextRunAt, updateSchedule } from "../../lib/schedules/schedules";
import { scheduleUpdateSchema } from "../../lib/validation/schedules";
import { ascending, captureLog, idleWithin, load, progress, seedSchedules, sleep, startEngine, stopEngine, SYNC_INTERVAL_MS, withDatabase, type Kind, type Scheduler } from "./common";
import { ownerAccess } from "../../__tests__/support/teams";

const WORKERS = 2;
const EDITS = 50;
const SCHEDULES = 1_000;
const POLL_MS = 5;
const EDIT_TIMEOUT_MS = 10_000; // an edit not armed by then counts as never armed
const PHASE_LIMIT_MS = 180_000; // the edits stop early when the phase has taken this long

export type EditResult = {
  kind: Kind;
  edits: number;
  /** ms from the updateSchedule() call until armed on every worker, ascending; Infinity = not within the timeout. */
  armedAll: number[];
  /** the same until armed on the first worker */
  armedFirst: number[];
  /** the floor: ms the updateSchedule() call took, ascending */
  writes: number[];
  loadBefore: string;
  loadAfter: string;
  notes: string;
};

/** Daily expressions at spread-out times: the schedules practically never fire during the measurement. */
const dailyCron = (i: number) => `${i % 60} ${Math.floor(i / 60) % 24} * * *`;

export async function editToArmed(kind: Kind): Promise<EditResult> {
  return withDatabase(kind, async (f) => {
    const loadBefore = load();
    const now = new Date();
    await seedSchedules(f.db, f.userId, SCHEDULES, (i) => ({ cronExpression: dailyCron(i), timezone: "UTC", nextRunAt: computeNextRunAt({ cronExpression: dailyCron(i), timezone: "UTC", isEnabled: true }, now) }));
    const ids = (await f.db.schedule.findMany({ select: { id: true }, orderBy: { name: "asc" } })).map((s) => s.id);

    const cap = captureLog();
    const workers: { engine: Scheduler; edb: Db }[] = [];
    try {
      for (let w = 0; w < WORKERS; w++) {
        // Separate processes start at unrelated times, so their sync cycles are out of phase.
        if (w > 0) await sleep(Math.random() * SYNC_INTERVAL_MS);
        workers.push(await startEngine(f.target, `bench-edit-${kind}-${w}`, cap.log));
      }
      for (const { engine } of workers) await idleWithin(engine, 30_000);
      progress(`${kind}: ${WORKERS} workers hold ${SCHEDULES.toLocaleString("en-US")} schedules; ${EDITS} edits`);

      const armedAll: number[] = [];
      const armedFirst: number[] = [];
      const writes: number[] = [];
      const phaseStart = performance.now();
      for (let i = 0; i < EDITS && performance.now() - phaseStart < PHASE_LIMIT_MS; i++) {
        // A random offset within the sync interval: edits land at every phase of the workers' polls.
        await sleep(Math.random() * SYNC_INTERVAL_MS);
        const id = ids[Math.floor(Math.random() * ids.length)];
        // Weekly, so it differs from every seeded (daily) expression and from the previous edit.
        const input = scheduleUpdateSchema.parse({ cronExpression: `${(i * 7 + 3) % 60} ${(i * 5 + 1) % 24} * * ${i % 7}` });
        const s = performance.now();
        const saved = await updateSchedule(f.db, ownerAccess(f.userId), id, input, new Date());
        writes.push(performance.now() - s);
        const version = new Date(saved.updatedAt);
        const armedAt: (number | null)[] = workers.map(() => null);
        for (;;) {
          const t = performance.now() - s;
          workers.forEach(({ engine }, w) => {
            if (armedAt[w] === null && engine.isArmed(id, version)) armedAt[w] = t;
          });
          if (armedAt.every((a) => a !== null) || t > EDIT_TIMEOUT_MS) break;
          await sleep(POLL_MS);
        }
        const seen = armedAt.filter((a): a is number => a !== null);
        armedAll.push(seen.length === WORKERS ? Math.max(...seen) : Infinity);
        armedFirst.push(seen.length ? Math.min(...seen) : Infinity);
      }
      const missed = armedAll.filter((t) => t === Infinity).length;
      progress(`${kind}: ${armedAll.length} edits, ${armedAll.length - missed} armed on every worker within ${EDIT_TIMEOUT_MS / 1000} s`);
      return {
        kind,
        edits: armedAll.length,
        armedAll: ascending(armedAll),
        armedFirst: ascending(armedFirst),
        writes: ascending(writes),
        loadBefore,
        loadAfter: load(),
        notes: `${kind}: ${missed ? `${missed} edits not armed on every worker within ${EDIT_TIMEOUT_MS / 1000} s (counted as never); ` : ""}${cap.summary()}`,
      };
    } finally {
      for (const { engine, edb } of workers) await stopEngine(engine, edb);
    }
  });
}

export const EDIT_SETUP = { workers: WORKERS, edits: EDITS, schedules: SCHEDULES, pollMs: POLL_MS, timeoutMs: EDIT_TIMEOUT_MS };
