// Manual runs recorded per second: 2,000 queued runs over 5 schedules, drained to "succeeded".
import { computeNextRunAt } from "../../lib/schedules/schedules";
import { captureLog, idleWithin, progress, seedSchedules, sleep, startEngine, stopEngine, withDatabase, type Kind } from "./common";

export const MANUAL_RUNS = 2_000;
export const MANUAL_SCHEDULES = 5;
const MANUAL_TIMEOUT_MS = 240_000;

export type ThroughputResult = { kind: Kind; queued: number; succeeded: number; seconds: number };

export async function throughput(kind: Kind): Promise<ThroughputResult> {
  return withDatabase(kind, async (f) => {
    const now = new Date();
    await seedSchedules(f.db, f.userId, MANUAL_SCHEDULES, () => ({ cronExpression: "0 3 * * *", timezone: "UTC", nextRunAt: computeNextRunAt({ cronExpression: "0 3 * * *", timezone: "UTC", isEnabled: true }, now) }));
    const schedules = await f.db.schedule.findMany({ select: { id: true } });
    const cap = captureLog();
    const { engine, edb } = await startEngine(f.target, `bench-throughput-${kind}`, cap.log);
    try {
      await idleWithin(engine, 10_000);
      const at = new Date();
      const per = MANUAL_RUNS / schedules.length;
      await f.db.run.createMany({
        data: schedules.flatMap((s) =>
          Array.from({ length: per }, (_, i) => ({ scheduleId: s.id, trigger: "manual" as const, scheduledFor: new Date(at.getTime() - i), attempt: 1, status: "queued" as const, runAfter: at })),
        ),
      });
      const queuedAt = Date.now();
      let done = 0;
      let lastReport = Date.now();
      while (Date.now() - queuedAt < MANUAL_TIMEOUT_MS) {
        await sleep(250);
        done = await f.db.run.count({ where: { trigger: "manual", status: "succeeded" } });
        if (done >= MANUAL_RUNS) break;
        if (Date.now() - lastReport > 15_000) {
          lastReport = Date.now();
          progress(`${kind}: ${done} of ${MANUAL_RUNS} manual runs succeeded`);
        }
      }
      const last = await f.db.run.aggregate({ where: { trigger: "manual", status: "succeeded" }, _max: { finishedAt: true } });
      const seconds = ((last._max.finishedAt?.getTime() ?? Date.now()) - queuedAt) / 1000;
      progress(`${kind}: ${done} manual runs succeeded in ${seconds.toFixed(1)} s`);
      return { kind, queued: MANUAL_RUNS, succeeded: done, seconds };
    } finally {
      await stopEngine(engine, edb);
    }
  });
}
