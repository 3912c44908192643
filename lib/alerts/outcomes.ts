// Alerts that follow from how runs ended: a schedule's failure streak, counted per slot (a slot
// failed when its last attempt failed, timed out or was lost; a manual run counts as its own
// outcome), run.failed when the streak reaches the rule's threshold (once per streak) and
// schedule.recovered at the first success after an alerted streak. Called inside the
// transaction that records the outcomes, so the streak, the outcome and the alert commit together.
import type { Db } from "../db/client";
import type { DbTarget } from "../db/target";
import { schedulePageUrl, writeAlert, type AlertWriter } from "./outbox";
import type { AlertPayload, AlertRun } from "./payload";
import { readAlertRules } from "./rules";

type Provider = DbTarget["provider"];

/** One outcome that ends a slot (its last attempt): the run as alerts show it. */
export type SlotOutcome = { scheduleId: string; run: AlertRun; succeeded: boolean };

type Tx = AlertWriter & Pick<Db, "schedule" | "$executeRawUnsafe">;

/**
 * Counts the outcomes into their schedules' streaks and writes the alerts they call for. The
 * schedules' rows must be locked by the caller's transaction already on PostgreSQL (the
 * recorder's lastRun update locks them in id order); SQLite's transaction holds the write lock.
 * Returns how many events were written.
 */
export async function alertOnOutcomes(tx: Tx, provider: Provider, outcomes: SlotOutcome[], now: Date): Promise<number> {
  const bySchedule = new Map<string, SlotOutcome[]>();
  for (const o of outcomes) bySchedule.set(o.scheduleId, [...(bySchedule.get(o.scheduleId) ?? []), o]);
  const ids = [...bySchedule.keys()].sort();
  const rows = await tx.schedule.findMany({
    where: { id: { in: ids } },
    select: { id: true, teamId: true, name: true, cronExpression: true, timezone: true, alerts: true, failureStreak: true, failureAlertedAt: true, team: { select: { name: true } } },
  });
  let written = 0;
  for (const s of rows.sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const rules = readAlertRules(s.alerts);
    if (!rules) continue;
    let streak = s.failureStreak;
    let alertedAt = s.failureAlertedAt;
    const base = (type: AlertPayload["type"]) => ({
      type,
      at: now.toISOString(),
      team: { id: s.teamId, name: s.team.name },
      schedule: { id: s.id, name: s.name, cronExpression: s.cronExpression, timezone: s.timezone, url: schedulePageUrl(s.id) },
    });
    const ordered = bySchedule.get(s.id)!.sort((a, b) => (a.run.startedAt ?? a.run.scheduledFor).localeCompare(b.run.startedAt ?? b.run.scheduledFor));
    for (const o of ordered) {
      if (o.succeeded) {
        if (alertedAt && rules.onRecovery) {
          const payload = { ...base("schedule.recovered"), run: o.run, consecutiveFailures: streak };
          if (await writeAlert(tx, provider, { teamId: s.teamId, scheduleId: s.id, runId: o.run.id, type: payload.type, payload, channels: rules.channelIds }, now)) written++;
        }
        streak = 0;
        alertedAt = null;
        continue;
      }
      streak++;
      if (!alertedAt && streak >= rules.afterConsecutiveFailures) {
        const payload = { ...base("run.failed"), run: o.run, consecutiveFailures: streak };
        if (await writeAlert(tx, provider, { teamId: s.teamId, scheduleId: s.id, runId: o.run.id, type: payload.type, payload, channels: rules.channelIds }, now)) written++;
        alertedAt = now;
      }
    }
    if (streak !== s.failureStreak || alertedAt?.getTime() !== s.failureAlertedAt?.getTime()) await setStreak(tx, provider, s.id, streak, alertedAt);
  }
  return written;
}

/** Writes a schedule's streak without moving updatedAt (workers would read a moved one as an edit). */
function setStreak(tx: Pick<Db, "$executeRawUnsafe">, provider: Provider, id: string, streak: number, alertedAt: Date | null) {
  return provider === "postgresql"
    ? tx.$executeRawUnsafe(`UPDATE "Schedule" SET "failureStreak" = $1, "failureAlertedAt" = $2::timestamp WHERE "id" = $3`, streak, alertedAt?.toISOString() ?? null, id)
    : tx.$executeRawUnsafe(`UPDATE "Schedule" SET "failureStreak" = ?, "failureAlertedAt" = ? WHERE "id" = ?`, streak, alertedAt, id);
}

/** A run's row as alerts show it. */
export function alertRun(run: { id: string; status: string; attempt: number; scheduledFor: Date; startedAt: Date | null; finishedAt: Date | null; error?: unknown }): AlertRun {
  const err = run.error && typeof run.error === "object" ? (run.error as { name?: unknown; message?: unknown }) : null;
  return {
    id: run.id,
    status: run.status,
    attempt: run.attempt,
    scheduledFor: run.scheduledFor.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    error: err ? { ...(typeof err.name === "string" ? { name: err.name } : {}), ...(typeof err.message === "string" ? { message: err.message.slice(0, 2000) } : {}) } : null,
  };
}
