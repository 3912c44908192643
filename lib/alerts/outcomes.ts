// Alerts that follow from how runs ended: a schedule's failure streak, counted per slot (a slot
// failed when its last attempt failed, timed out or was lost; a manual run counts as its own
// outcome), run.failed when the streak reaches the rule's threshold (once per streak) and
// schedule.recovered at the first success after an alerted streak. A heartbeat check's missed slot
// (lib/heartbeats/) counts as a failed slot, and the alert its streak calls for is schedule.missed
// (when the rules' onMissed allows it) rather than run.failed. Called inside the
// transaction that records the outcomes, so the streak, the outcome and the alert commit together.
import type { Db } from "../db/client";
import type { DbTarget } from "../db/target";
import { sqliteInstant } from "../scheduler/sql";
import { schedulePageUrl, writeAlerts, type AlertWriter, type NewAlert } from "./outbox";
import type { AlertRun } from "./payload";
import { readAlertRules } from "./rules";

type Provider = DbTarget["provider"];

/** One outcome that ends a slot (its last attempt): the run as alerts show it; `missed`: a heartbeat slot that got no ping. */
export type SlotOutcome = { scheduleId: string; run: AlertRun; succeeded: boolean; missed?: { scheduledFor: string; graceSeconds: number } };

type Tx = AlertWriter & Pick<Db, "schedule" | "alertEvent" | "$executeRawUnsafe">;

/**
 * Counts the outcomes into their schedules' streaks and writes the alerts they call for, in a
 * handful of statements however many outcomes there are. The schedules' rows must be locked by
 * the caller's transaction already on PostgreSQL (the recorder's lastRun update locks them in id
 * order); SQLite's transaction holds the write lock. Returns how many events were written.
 */
export async function alertOnOutcomes(tx: Tx, provider: Provider, outcomes: SlotOutcome[], now: Date): Promise<number> {
  const bySchedule = new Map<string, SlotOutcome[]>();
  for (const o of outcomes) bySchedule.set(o.scheduleId, [...(bySchedule.get(o.scheduleId) ?? []), o]);
  const rows = await tx.schedule.findMany({
    where: { id: { in: [...bySchedule.keys()] } },
    select: { id: true, teamId: true, name: true, cronExpression: true, timezone: true, alerts: true, failureStreak: true, failureAlertedAt: true, team: { select: { name: true } } },
  });
  const alerts: (NewAlert & { channels: readonly string[] })[] = [];
  const streaks: StreakRow[] = [];
  for (const s of rows) {
    const rules = readAlertRules(s.alerts);
    if (!rules) continue;
    let streak = s.failureStreak;
    let alertedAt = s.failureAlertedAt;
    const alert = (type: "run.failed" | "schedule.recovered" | "schedule.missed", run: AlertRun, missed?: SlotOutcome["missed"]) =>
      alerts.push({
        teamId: s.teamId,
        scheduleId: s.id,
        runId: run.id,
        type,
        channels: rules.channelIds,
        payload: {
          type,
          at: now.toISOString(),
          team: { id: s.teamId, name: s.team.name },
          schedule: { id: s.id, name: s.name, cronExpression: s.cronExpression, timezone: s.timezone, url: schedulePageUrl(s.id) },
          run,
          consecutiveFailures: streak,
          ...(missed ? { missed } : {}),
        },
      });
    const ordered = bySchedule.get(s.id)!.sort((a, b) => (a.run.startedAt ?? a.run.scheduledFor).localeCompare(b.run.startedAt ?? b.run.scheduledFor));
    for (const o of ordered) {
      if (o.succeeded) {
        if (alertedAt && rules.onRecovery) alert("schedule.recovered", o.run);
        streak = 0;
        alertedAt = null;
        continue;
      }
      streak++;
      if (!alertedAt && streak >= rules.afterConsecutiveFailures) {
        if (!o.missed) alert("run.failed", o.run);
        else if (rules.onMissed) alert("schedule.missed", o.run, o.missed);
        else continue; // not alerted: a later failure of the streak may be
        alertedAt = now;
      }
    }
    if (streak !== s.failureStreak || alertedAt?.getTime() !== s.failureAlertedAt?.getTime()) streaks.push({ id: s.id, streak, alertedAt });
  }
  if (streaks.length) await setStreaks(tx, provider, streaks);
  return writeAlerts(tx, alerts, now);
}

type StreakRow = { id: string; streak: number; alertedAt: Date | null };

/** Writes schedules' streaks in one statement without moving updatedAt (workers would read a moved one as an edit). */
function setStreaks(tx: Pick<Db, "$executeRawUnsafe">, provider: Provider, rows: StreakRow[]) {
  if (provider === "postgresql") {
    return tx.$executeRawUnsafe(
      `UPDATE "Schedule" AS s SET "failureStreak" = v.streak, "failureAlertedAt" = v.at FROM unnest($1::text[], $2::int[], $3::timestamp[]) AS v(id, streak, at) WHERE s."id" = v.id`,
      rows.map((r) => r.id),
      rows.map((r) => r.streak),
      rows.map((r) => r.alertedAt?.toISOString() ?? null),
    );
  }
  return tx.$executeRawUnsafe(
    `WITH v AS (SELECT value ->> 0 AS "id", value ->> 1 AS "streak", value ->> 2 AS "at" FROM json_each(?))
     UPDATE "Schedule" SET "failureStreak" = v."streak", "failureAlertedAt" = v."at" FROM v WHERE "Schedule"."id" = v."id"`,
    JSON.stringify(rows.map((r) => [r.id, r.streak, r.alertedAt ? sqliteInstant(r.alertedAt) : null])),
  );
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
