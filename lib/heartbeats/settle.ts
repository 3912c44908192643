// Brings a heartbeat check up to date, with a ping or without: its slots past their grace become
// missed runs, its runs started by a /start ping and never finished within the schedule's
// timeoutSeconds become timed out, and the ping (if any) finishes its started run or records a
// run of its own at the slot it answers (lib/heartbeats/slots.ts). Everything one call decides
// commits in one transaction with the alerts it calls for (lib/alerts/outcomes.ts), or nothing does.
//
// Pings (the web process) and every worker's watch (lib/heartbeats/watch.ts) settle the same
// checks. The transaction's first statement moves the check's cursor (nextRunAt) on condition that
// it is still what was read: of two settling at once, one writes and the other reads again and
// finds less to do. That statement also locks the schedule's row, as alerts need on PostgreSQL.
import { randomUUID } from "node:crypto";
import { alertOnOutcomes, alertRun, type SlotOutcome } from "../alerts/outcomes";
import { alertsWritten } from "../alerts/wake";
import { providerOf, type Db, type Prisma } from "../db/client";
import { graceMsOf } from "../entrypoints/heartbeat";
import { placeholders } from "../scheduler/sql";
import { answeredSlot, overdueSlots } from "./slots";

/** What a ping says: the job started, succeeded, or failed (with its exit status when it gave one). */
export type PingSignal = { kind: "start" } | { kind: "success" } | { kind: "fail"; exitStatus?: number };

export type Ping = {
  signal: PingSignal;
  /** The request body as text, already cut to what a run keeps (lib/heartbeats/ping.ts). */
  body: string;
  /** Where it came from, kept in the run's result. */
  source: { method: string; address: string | null; userAgent: string | null };
};

export type Settled = { runId: string | null; missed: number; timedOut: number; alerts: number };

/** A check as settling reads it. */
const checkFields = {
  id: true,
  teamId: true,
  cronExpression: true,
  timezone: true,
  isEnabled: true,
  nextRunAt: true,
  payload: true,
  timeoutSeconds: true,
  alerts: true,
} satisfies Prisma.ScheduleSelect;
type Check = Prisma.ScheduleGetPayload<{ select: typeof checkFields }>;

/** Reads again after this many lost races: more means something keeps settling the check. */
const ATTEMPTS = 5;

/** The cursor moved, or a started run was finished, between the read and the write. */
class Moved extends Error {}

type Provider = "sqlite" | "postgresql";
type Tx = Prisma.TransactionClient;

/**
 * Settles the check found by `where` at `now`, with `ping` if one came. Null when there is no such
 * heartbeat check (for a ping: a 404). Writes nothing when nothing is due.
 */
export async function settleCheck(db: Db, where: { id: string } | { pingKey: string }, now: Date, ping?: Ping): Promise<Settled | null> {
  const provider = providerOf(db);
  for (let attempt = 1; ; attempt++) {
    // Only heartbeat checks have a ping key.
    const check = await db.schedule.findFirst({ where: "pingKey" in where ? where : { id: where.id, pingKey: { not: null } }, select: checkFields });
    if (!check) return null;
    try {
      return await settleOnce(db, provider, check, now, ping);
    } catch (err) {
      if (!(err instanceof Moved) || attempt >= ATTEMPTS) throw err;
    }
  }
}

/** The schedule's lastRunAt and lastRunStatus after this settling: its newest event. */
type Latest = { at: Date; status: "missed" | "timed_out" | "running" | "succeeded" | "failed" };

async function settleOnce(db: Db, provider: Provider, check: Check, now: Date, ping?: Ping): Promise<Settled> {
  const t = now.getTime();
  const graceMs = graceMsOf(check.payload);
  const cursor = check.nextRunAt?.getTime() ?? null;
  const overdue = check.isEnabled ? overdueSlots({ ...check, nextRunAt: cursor, graceMs }, t) : { missed: [], earlier: false, next: cursor };
  const open = await db.run.findMany({
    where: { scheduleId: check.id, trigger: "ping", status: "running" },
    select: { id: true, scheduledFor: true, startedAt: true, attempt: true },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
  const timeoutMs = check.timeoutSeconds * 1000;
  const expired = open.filter((r) => r.startedAt && r.startedAt.getTime() + timeoutMs <= t);
  // A success or fail ping finishes the newest started run still within its time.
  const finishing = ping && ping.signal.kind !== "start" ? (open.find((r) => !expired.includes(r)) ?? null) : null;
  const answer = ping && !finishing ? answeredSlot(check, overdue.next, t) : { slot: null, next: overdue.next };
  if (!ping && overdue.missed.length === 0 && expired.length === 0) return { runId: null, missed: 0, timedOut: 0, alerts: 0 };

  const events: Latest[] = [
    ...overdue.missed.map((slot) => ({ at: new Date(slot), status: "missed" as const })),
    ...expired.map((r) => ({ at: r.startedAt!, status: "timed_out" as const })),
    ...(ping ? [{ at: finishing?.startedAt ?? now, status: pingStatus(ping.signal) }] : []),
  ];
  const latest = events.reduce<Latest | null>((a, e) => (a && a.at >= e.at ? a : e), null);

  const settled = await db.$transaction(async (tx) => {
    // The first statement: it takes SQLite's write lock and the schedule row's lock on PostgreSQL.
    if (!(await moveCursor(tx, provider, check.id, cursor, answer.next, latest))) throw new Moved();
    const missed = await insertMissed(tx, provider, check, overdue, graceMs, now);
    const timedOut = await timeOut(tx, check, expired, now);
    const outcomes = [...missed, ...timedOut];
    let runId: string | null = null;
    if (ping) {
      const recorded = await recordPing(tx, provider, check, ping, finishing, answer.slot, now);
      runId = recorded.runId;
      if (recorded.outcome) outcomes.push(recorded.outcome);
    }
    const alerts = check.alerts !== null && outcomes.length ? await alertOnOutcomes(tx as unknown as Db, provider, outcomes, now) : 0;
    return { runId, missed: missed.length, timedOut: timedOut.length, alerts };
  });
  if (settled.alerts > 0) alertsWritten(db);
  return settled;
}

const pingStatus = (signal: PingSignal): Latest["status"] => (signal.kind === "start" ? "running" : signal.kind === "success" ? "succeeded" : "failed");

/**
 * Moves the cursor from `from` to `to` if it is still at `from`, and records the newest event as
 * the schedule's last run unless a newer one is recorded; updatedAt stays (it means "edited").
 */
async function moveCursor(tx: Tx, provider: Provider, id: string, from: number | null, to: number | null, latest: Latest | null): Promise<boolean> {
  const { params, p } = placeholders(provider);
  const ts = (v: number | Date | null) => (v === null ? "NULL" : p(new Date(v), "::timestamp"));
  const sets = [`"nextRunAt" = ${ts(to)}`];
  if (latest) {
    // A function: SQLite's "?" take one value each, in order.
    const newer = () => `("lastRunAt" IS NULL OR "lastRunAt" <= ${ts(latest.at)})`;
    sets.push(`"lastRunStatus" = CASE WHEN ${newer()} THEN ${p(latest.status, '::"RunStatus"')} ELSE "lastRunStatus" END`);
    sets.push(`"lastRunAt" = CASE WHEN ${newer()} THEN ${ts(latest.at)} ELSE "lastRunAt" END`);
  }
  const where = `"id" = ${p(id)} AND ` + (from === null ? `"nextRunAt" IS NULL` : `"nextRunAt" = ${ts(from)}`);
  const count = await tx.$executeRawUnsafe(`UPDATE "Schedule" SET ${sets.join(", ")} WHERE ${where}`, ...params);
  return count > 0;
}

type NewRun = {
  scheduleId: string;
  trigger: "schedule" | "ping";
  scheduledFor: Date;
  status: "missed" | "running" | "succeeded" | "failed";
  startedAt: Date | null;
  finishedAt: Date | null;
  result: unknown;
  error: unknown;
  createdAt: Date;
};

/** Inserts a run unless its slot (schedule, scheduledFor, attempt 1) has one; its id, or null. */
async function insertRun(tx: Tx, provider: Provider, run: NewRun): Promise<string | null> {
  const { params, p } = placeholders(provider);
  const json = (v: unknown) => (v === null || v === undefined ? "NULL" : p(JSON.stringify(v), "::jsonb"));
  const ts = (v: Date | null) => (v === null ? "NULL" : p(v, "::timestamp"));
  const values = [
    p(randomUUID()),
    p(run.scheduleId),
    p(run.trigger, '::"RunTrigger"'),
    ts(run.scheduledFor),
    "1",
    p(run.status, '::"RunStatus"'),
    ts(run.startedAt),
    ts(run.finishedAt),
    json(run.result),
    json(run.error),
    ts(run.createdAt),
  ];
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "startedAt", "finishedAt", "result", "error", "createdAt")
     VALUES (${values.join(", ")}) ON CONFLICT DO NOTHING RETURNING "id"`,
    ...params,
  );
  return rows[0]?.id ?? null;
}

/** The missed runs of slots past their grace, as outcomes for alerts. */
async function insertMissed(tx: Tx, provider: Provider, check: Check, overdue: ReturnType<typeof overdueSlots>, graceMs: number, now: Date): Promise<SlotOutcome[]> {
  const outcomes: SlotOutcome[] = [];
  const graceSeconds = Math.round(graceMs / 1000);
  for (const [i, slot] of overdue.missed.entries()) {
    const scheduledFor = new Date(slot);
    const earlier = i === 0 && overdue.earlier ? `; earlier slots since ${new Date(check.nextRunAt!).toISOString()} had none either` : "";
    const error = { name: "Missed", message: `no ping within ${graceSeconds} s of this slot${earlier}` };
    const id = await insertRun(tx, provider, { scheduleId: check.id, trigger: "schedule", scheduledFor, status: "missed", startedAt: null, finishedAt: now, result: null, error, createdAt: now });
    if (!id) continue; // the slot has a run already (a ping recorded before the check was re-timed)
    outcomes.push({
      scheduleId: check.id,
      succeeded: false,
      run: alertRun({ id, status: "missed", attempt: 1, scheduledFor, startedAt: null, finishedAt: now, error }),
      missed: { scheduledFor: scheduledFor.toISOString(), graceSeconds },
    });
  }
  return outcomes;
}

/** Runs started by a ping that got no success or fail ping within the schedule's timeout. */
async function timeOut(tx: Tx, check: Check, expired: { id: string; scheduledFor: Date; startedAt: Date | null; attempt: number }[], now: Date): Promise<SlotOutcome[]> {
  const outcomes: SlotOutcome[] = [];
  for (const run of expired) {
    const error = { name: "Timeout", message: `no success or fail ping within ${check.timeoutSeconds} s of the start ping` };
    const durationMs = now.getTime() - run.startedAt!.getTime();
    const { count } = await tx.run.updateMany({ where: { id: run.id, status: "running" }, data: { status: "timed_out", finishedAt: now, durationMs, error } });
    if (count === 0) continue; // settled meanwhile by another process
    outcomes.push({ scheduleId: check.id, succeeded: false, run: alertRun({ ...run, status: "timed_out", finishedAt: now, error }) });
  }
  return outcomes;
}

/**
 * For a check that stops being one (its job type changed, lib/schedules/schedules.ts), in the
 * transaction that changes it: its runs started by a /start ping and not finished end as lost.
 * Nothing would settle them any more, and a running run would hold back every slot of the new
 * job type under the "skip" overlap policy.
 */
export async function endStartedRuns(tx: Tx, scheduleId: string, now: Date): Promise<number> {
  const error = { name: "Lost", message: "the schedule stopped being a heartbeat check before this run's success or fail ping came" };
  const { count } = await tx.run.updateMany({ where: { scheduleId, trigger: "ping", status: "running" }, data: { status: "lost", finishedAt: now, error } });
  return count;
}

/** Why a fail ping failed its run: its exit status, and the last line of what it sent. */
function failure(signal: Extract<PingSignal, { kind: "fail" }>, body: string) {
  const said = body.trimEnd().split("\n").at(-1)?.trim().slice(0, 300);
  const why = signal.exitStatus !== undefined ? `the job exited with status ${signal.exitStatus}` : "the job reported failure (a /fail ping)";
  return { name: "PingFail", message: said ? `${why}: ${said}` : why };
}

/** Most runs one millisecond's pings may add (each extra one moves on by a millisecond, as Run now does). */
const SAME_MS_MAX = 50;

/** Writes the ping: it finishes `finishing`, or is a new run at `slot` (or at its own time when no slot waits). */
async function recordPing(
  tx: Tx,
  provider: Provider,
  check: Check,
  ping: Ping,
  finishing: { id: string; scheduledFor: Date; startedAt: Date | null; attempt: number } | null,
  slot: number | null,
  now: Date,
): Promise<{ runId: string; outcome: SlotOutcome | null }> {
  const { signal } = ping;
  const result = { signal: signal.kind, ...(signal.kind === "fail" && signal.exitStatus !== undefined ? { exitStatus: signal.exitStatus } : {}), ...ping.source };
  const status = pingStatus(signal) as NewRun["status"];
  const error = signal.kind === "fail" ? failure(signal, ping.body) : null;
  let runId: string;
  let run: Parameters<typeof alertRun>[0];
  if (finishing) {
    const durationMs = now.getTime() - finishing.startedAt!.getTime();
    const { count } = await tx.run.updateMany({
      where: { id: finishing.id, status: "running" },
      data: { status: status as "succeeded" | "failed", finishedAt: now, durationMs, result, ...(error ? { error } : {}) },
    });
    if (count === 0) throw new Moved(); // another ping finished it first: this one is read again
    runId = finishing.id;
    run = { ...finishing, status, finishedAt: now, error };
  } else {
    const row: NewRun = { scheduleId: check.id, trigger: "ping", scheduledFor: new Date(slot ?? now.getTime()), status, startedAt: now, finishedAt: signal.kind === "start" ? null : now, result, error, createdAt: now };
    let id = await insertRun(tx, provider, row);
    // No slot waited (or the slot had a run already): a run of its own, at the ping's time.
    for (let shift = 0; !id && shift < SAME_MS_MAX; shift++) id = await insertRun(tx, provider, { ...row, scheduledFor: new Date(now.getTime() + shift) });
    if (!id) throw new Moved();
    runId = id;
    run = { id, status, attempt: 1, scheduledFor: row.scheduledFor, startedAt: now, finishedAt: row.finishedAt, error };
  }
  if (ping.body) {
    const last = await tx.runOutput.findFirst({ where: { runId }, orderBy: { seq: "desc" }, select: { seq: true } });
    await tx.runOutput.create({ data: { runId, seq: (last?.seq ?? 0) + 1, stream: "stdout", text: ping.body, at: now } });
  }
  const outcome = signal.kind === "start" ? null : { scheduleId: check.id, succeeded: signal.kind === "success", run: alertRun(run) };
  return { runId, outcome };
}
