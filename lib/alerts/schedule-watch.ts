// Alerts that no outcome causes, found by a worker's periodic look (every few seconds):
//   run.slow         a run still running past its schedule's runLongerThanSeconds (once per run);
//   schedule.missed  a slot that came while this worker was up and passed its grace with no run;
//   run.failed       again every remindEveryMinutes while an alerted streak lasts.
// Every worker looks; each event has a dedupe key, so however many notice it, it is written once.
// Each alert commits in its own transaction with nothing else to keep in step.
import { providerOf, type Db } from "../db/client";
import { HEARTBEAT } from "../entrypoints/heartbeat";
import { schedulePageUrl, writeAlert, type NewAlert } from "./outbox";
import { alertRun } from "./outcomes";
import { MISSED_GRACE_SECONDS, readAlertRules, type AlertRules } from "./rules";

type ScheduleFacts = { id: string; teamId: string; name: string; cronExpression: string; timezone: string; alerts: unknown; team: { name: string } };
const scheduleFacts = { id: true, teamId: true, name: true, cronExpression: true, timezone: true, alerts: true, team: { select: { name: true } } } as const;

function base(s: ScheduleFacts, type: NewAlert["type"], now: Date) {
  return {
    type,
    at: now.toISOString(),
    team: { id: s.teamId, name: s.team.name },
    schedule: { id: s.id, name: s.name, cronExpression: s.cronExpression, timezone: s.timezone, url: schedulePageUrl(s.id) },
  };
}

/** Of these dedupe keys, those not in the outbox yet (a slow run or a due reminder is seen again at every look). */
async function unwritten(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const seen = new Set((await db.alertEvent.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((e) => e.dedupeKey));
  return new Set(keys.filter((k) => !seen.has(k)));
}

/** Writes each alert in its own transaction; its key still decides if another process wrote it meanwhile. */
async function writeEach(db: Db, alerts: NewAlert[], now: Date): Promise<number> {
  const provider = providerOf(db);
  let written = 0;
  for (const alert of alerts) if ((await db.$transaction((tx) => writeAlert(tx as unknown as Db, provider, alert, now))) !== null) written++;
  return written;
}

/** The alerts not written yet, written. */
async function writeNew(db: Db, alerts: (NewAlert & { dedupeKey: string })[], now: Date): Promise<number> {
  const fresh = await unwritten(db, alerts.map((a) => a.dedupeKey));
  return writeEach(db, alerts.filter((a) => fresh.has(a.dedupeKey)), now);
}

/** run.slow for every running run past its schedule's limit. */
async function slowRuns(db: Db, now: Date): Promise<number> {
  const running = await db.run.findMany({
    where: { status: "running", startedAt: { not: null } },
    select: { id: true, status: true, attempt: true, scheduledFor: true, startedAt: true, finishedAt: true, schedule: { select: scheduleFacts } },
  });
  return writeNew(
    db,
    running.flatMap((r) => {
      const rules = readAlertRules(r.schedule.alerts);
      const limit = rules?.runLongerThanSeconds;
      if (!rules || !limit || now.getTime() - r.startedAt!.getTime() < limit * 1000) return [];
      const payload = { ...base(r.schedule, "run.slow", now), run: alertRun(r), slow: { runLongerThanSeconds: limit } };
      return [{ teamId: r.schedule.teamId, scheduleId: r.schedule.id, runId: r.id, type: "run.slow" as const, payload, dedupeKey: `run.slow:${r.id}`, channels: rules.channelIds }];
    }),
    now,
  );
}

/**
 * schedule.missed for enabled schedules whose next slot is past its grace with no run at it. Only
 * slots that came while this worker was up count: slots passed while no worker ran are what
 * worker.down reports, and a worker starting up catches up on them (misfire policy).
 */
async function missedSlots(db: Db, now: Date, upSince: Date): Promise<number> {
  const graceAgo = new Date(now.getTime() - MISSED_GRACE_SECONDS * 1000);
  const late = await db.schedule.findMany({
    // Heartbeat checks' slots are settled by lib/heartbeats/ (a missed run and its alert).
    where: { isEnabled: true, nextRunAt: { lt: graceAgo, gte: upSince }, entrypoint: { not: HEARTBEAT } },
    select: { ...scheduleFacts, nextRunAt: true },
    take: 1000,
  });
  const watched = late.flatMap((s) => {
    const rules = readAlertRules(s.alerts);
    return rules?.onMissed ? [{ s, rules, slot: s.nextRunAt! }] : [];
  });
  if (watched.length === 0) return 0;
  const ran = await db.run.findMany({ where: { OR: watched.map(({ s, slot }) => ({ scheduleId: s.id, scheduledFor: slot })) }, select: { scheduleId: true, scheduledFor: true } });
  const hasRun = new Set(ran.map((r) => `${r.scheduleId}:${r.scheduledFor.getTime()}`));
  return writeNew(
    db,
    watched
      .filter(({ s, slot }) => !hasRun.has(`${s.id}:${slot.getTime()}`))
      .map(({ s, rules, slot }) => ({
        teamId: s.teamId,
        scheduleId: s.id,
        type: "schedule.missed" as const,
        payload: { ...base(s, "schedule.missed", now), missed: { scheduledFor: slot.toISOString(), graceSeconds: MISSED_GRACE_SECONDS } },
        dedupeKey: `schedule.missed:${s.id}:${slot.getTime()}`,
        channels: rules.channelIds,
      })),
    now,
  );
}

/** run.failed again for alerted streaks that asked for reminders, once per period. */
async function reminders(db: Db, now: Date): Promise<number> {
  const streaks = await db.schedule.findMany({
    where: { failureAlertedAt: { not: null } },
    select: { ...scheduleFacts, failureStreak: true, failureAlertedAt: true },
  });
  // The key names the streak (when it was alerted) and the period: one reminder per period, and
  // after a pause (no worker up) only the current one.
  const due = streaks.flatMap((s) => {
    const rules: AlertRules | null = readAlertRules(s.alerts);
    if (!rules?.remindEveryMinutes) return [];
    const since = s.failureAlertedAt!;
    const nth = Math.floor((now.getTime() - since.getTime()) / (rules.remindEveryMinutes * 60_000));
    return nth < 1 ? [] : [{ s, rules, nth, dedupeKey: `run.failed:${s.id}:${since.getTime()}:reminder:${nth}` }];
  });
  const fresh = await unwritten(db, due.map((d) => d.dedupeKey));
  const alerts: NewAlert[] = [];
  for (const { s, rules, nth, dedupeKey } of due.filter((d) => fresh.has(d.dedupeKey))) {
    // Once per period and schedule: the latest failed run, for the reminder's body.
    const last = await db.run.findFirst({
      where: { scheduleId: s.id, status: { in: ["failed", "timed_out", "lost", "missed"] } },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      select: { id: true, status: true, attempt: true, scheduledFor: true, startedAt: true, finishedAt: true, error: true },
    });
    const payload = { ...base(s, "run.failed", now), ...(last ? { run: alertRun(last) } : {}), consecutiveFailures: s.failureStreak, reminder: nth };
    alerts.push({ teamId: s.teamId, scheduleId: s.id, runId: last?.id, type: "run.failed", payload, dedupeKey, channels: rules.channelIds });
  }
  return writeEach(db, alerts, now);
}

/** One look: returns how many alerts it wrote. */
export async function watchSchedules(db: Db, now: Date, upSince: Date): Promise<number> {
  return (await slowRuns(db, now)) + (await missedSlots(db, now, upSince)) + (await reminders(db, now));
}
