// The engine's hot-path statements in raw SQL, one form per database: claiming a batch of slots
// in one INSERT ... ON CONFLICT DO NOTHING RETURNING (the rows returned are the slots this worker
// won; PostgreSQL's instants are ISO strings cast to its UTC timestamp columns), and bookkeeping
// updates that must not bump updatedAt (Prisma sets it client-side on every update, and workers
// read a moved updatedAt as an edit).
import { randomUUID } from "node:crypto";
import { providerOf, type Db } from "../db/client";
import { nextTurn } from "../db/turns";

/** `runAfter`: for a slot claimed before it is due, the slot (no worker starts it earlier). */
/**
 * A slot's run to insert: queued (due now), running with runAfter = its slot (claimed ahead: not
 * started until the worker marks its slot started, see claims.ts), or skipped (with why).
 */
export type ClaimRow = { scheduleId: string; scheduledFor: Date; status: "queued" | "running" | "skipped"; error?: unknown; runAfter?: Date };
export type Claimed = { id: string; scheduleId: string; scheduledFor: Date };

const CHUNK = 400;

/**
 * An instant as the SQLite adapter stores a Date (its default "iso8601" format), for rows passed
 * as one JSON parameter: thousands of parameters cost the client more than the database.
 */
export const sqliteInstant = (d: Date) => d.toISOString().replace("Z", "+00:00");

/**
 * Claims `rows` in chunks of 400; `onChunk` gets each chunk's wins as soon as its statement
 * returns, so a burst of 10,000 slots starts running after the first chunk, not the last.
 */
export async function claimSlots(db: Db, workerId: string, rows: ClaimRow[], now: Date, onChunk?: (won: Claimed[]) => void): Promise<Claimed[]> {
  const claimChunk = providerOf(db) === "postgresql" ? claimChunkPg : claimChunkSqlite;
  const claimed: Claimed[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    if (i > 0) await nextTurn();
    const won = await claimChunk(db, workerId, rows.slice(i, i + CHUNK), now);
    claimed.push(...won);
    onChunk?.(won);
  }
  return claimed;
}

type ClaimResult = { id: string; scheduleId: string; scheduledFor: Date | string; status: string }[];
const wins = (rows: ClaimResult): Claimed[] => rows.filter((w) => w.status !== "skipped").map((w) => ({ id: w.id, scheduleId: w.scheduleId, scheduledFor: new Date(w.scheduledFor) }));

/**
 * One chunk of claims on SQLite, as a VALUES list. Instants are Date objects, stored as text
 * exactly as Prisma stores them (the unique key compares that text).
 */
async function claimChunkSqlite(db: Db, workerId: string, chunk: ClaimRow[], now: Date): Promise<Claimed[]> {
  // Placeholders are made in the order they appear in the statement: SQLite's "?" are positional.
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return "?";
  };
  const values = chunk.map((r) => {
    const parts = [
      p(randomUUID()),
      p(r.scheduleId),
      "'schedule'",
      p(r.scheduledFor),
      "1",
      p(r.status),
      p(workerId),
      r.error === undefined ? "NULL" : p(JSON.stringify(r.error)),
      r.status === "skipped" ? p(now) : "NULL",
      p(now),
      r.runAfter === undefined ? "NULL" : p(r.runAfter),
    ];
    return `(${parts.join(", ")})`;
  });
  const sql = `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "workerId", "error", "finishedAt", "createdAt", "runAfter")
    VALUES ${values.join(", ")} ON CONFLICT DO NOTHING RETURNING "id", "scheduleId", "scheduledFor", "status"`;
  return wins(await db.$queryRawUnsafe<ClaimResult>(sql, ...params));
}

/**
 * One chunk of claims on PostgreSQL, as arrays unnested into rows: seven parameters however many
 * slots (a VALUES list would take ten per slot, and the client's cost grows with their number).
 */
async function claimChunkPg(db: Db, workerId: string, chunk: ClaimRow[], now: Date): Promise<Claimed[]> {
  const won = await db.$queryRawUnsafe<ClaimResult>(
    `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "workerId", "error", "finishedAt", "createdAt", "runAfter")
     SELECT v.id, v.schedule_id, 'schedule'::"RunTrigger", v.scheduled_for, 1, v.status::"RunStatus", $6, v.error::jsonb, v.finished_at, $7::timestamp, v.run_after
     FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[], $8::timestamp[], $9::timestamp[]) AS v(id, schedule_id, scheduled_for, status, error, finished_at, run_after)
     ON CONFLICT DO NOTHING RETURNING "id", "scheduleId", "scheduledFor", "status"`,
    chunk.map(() => randomUUID()),
    chunk.map((r) => r.scheduleId),
    chunk.map((r) => r.scheduledFor.toISOString()),
    chunk.map((r) => r.status),
    chunk.map((r) => (r.error === undefined ? null : JSON.stringify(r.error))),
    workerId,
    now.toISOString(),
    chunk.map((r) => (r.status === "skipped" ? now.toISOString() : null)),
    chunk.map((r) => r.runAfter?.toISOString() ?? null),
  );
  return wins(won);
}

/**
 * Parameters of a raw statement through the Prisma client, for either database: `p(value, cast)`
 * adds a value and returns its placeholder, `?` on SQLite (in the order called: build the text left
 * to right), `$n` with `cast` on PostgreSQL, where a Date is passed as its ISO text (cast it with
 * ::timestamp) and on SQLite as a Date, which the adapter stores as Prisma does.
 */
export function placeholders(provider: "sqlite" | "postgresql") {
  const params: unknown[] = [];
  const pg = provider === "postgresql";
  const p = (v: unknown, cast = "") => {
    params.push(v instanceof Date && pg ? v.toISOString() : v);
    return pg ? `$${params.length}${cast}` : "?";
  };
  return { params, p };
}

type ScheduleBookkeeping = { lastRunAt?: Date; lastRunStatus?: string; nextRunAt?: Date | null };

/** Sets lastRunAt/lastRunStatus and/or nextRunAt, leaving updatedAt alone; not awaited, for db.$transaction([...]). */
export function setScheduleFieldsQuery(db: Db, scheduleId: string, fields: ScheduleBookkeeping) {
  const { params, p } = placeholders(providerOf(db));
  const sets: string[] = [];
  const ts = (d: Date) => p(d, "::timestamp");
  if (fields.lastRunAt) sets.push(`"lastRunAt" = ${ts(fields.lastRunAt)}`);
  if (fields.lastRunStatus) sets.push(`"lastRunStatus" = ${p(fields.lastRunStatus, '::"RunStatus"')}`);
  if (fields.nextRunAt !== undefined) sets.push(`"nextRunAt" = ${fields.nextRunAt === null ? "NULL" : ts(fields.nextRunAt)}`);
  if (!sets.length) throw new Error("setScheduleFieldsQuery: nothing to set");
  return db.$executeRawUnsafe(`UPDATE "Schedule" SET ${sets.join(", ")} WHERE "id" = ${p(scheduleId)}`, ...params);
}

/**
 * Sets nextRunAt for many schedules in one statement (per 500), leaving updatedAt alone. On
 * PostgreSQL the rows are locked in id order first: the same order as every other bookkeeping
 * write, so that two workers' write-backs cannot deadlock. The lock is the one an UPDATE of
 * non-key columns takes (FOR NO KEY UPDATE): FOR UPDATE would also block the foreign-key checks
 * of slot claims (run rows) until the write-back commits. Not awaited: for db.$transaction([...]).
 */
export function setNextRunsQueries(db: Db, items: { id: string; next: Date | null }[]) {
  const pg = providerOf(db) === "postgresql";
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const queries = [];
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    if (pg) {
      // Two array parameters, however many rows: a statement with a thousand parameters costs
      // the client more than the database.
      const ids = chunk.map((it) => it.id);
      const nexts = chunk.map((it) => (it.next === null ? null : it.next.toISOString()));
      queries.push(db.$queryRawUnsafe(`SELECT "id" FROM "Schedule" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR NO KEY UPDATE`, ids));
      queries.push(db.$executeRawUnsafe(`UPDATE "Schedule" AS s SET "nextRunAt" = v.next FROM unnest($1::text[], $2::timestamp[]) AS v(id, next) WHERE s."id" = v.id`, ids, nexts));
    } else {
      const rows = chunk.map((it) => [it.id, it.next === null ? null : sqliteInstant(it.next)]);
      queries.push(
        db.$executeRawUnsafe(
          `WITH v AS (SELECT value ->> 0 AS id, value ->> 1 AS next FROM json_each(?)) UPDATE "Schedule" SET "nextRunAt" = v.next FROM v WHERE "Schedule"."id" = v.id`,
          JSON.stringify(rows),
        ),
      );
    }
  }
  return queries;
}

/**
 * Records a lost run on its schedule (lastRunAt, lastRunStatus = lost) unless a run that started
 * later has been recorded there since; leaves updatedAt alone. Not awaited: for a transaction.
 * Inside an interactive transaction pass `provider`: the transaction client is not the one
 * providerOf() knows.
 */
export function setLostQuery(db: Db, scheduleId: string, runStartedAt: Date, provider = providerOf(db)) {
  if (provider === "postgresql") {
    return db.$executeRawUnsafe(
      `UPDATE "Schedule" SET "lastRunAt" = $1::timestamp, "lastRunStatus" = 'lost'::"RunStatus" WHERE "id" = $2 AND ("lastRunAt" IS NULL OR "lastRunAt" <= $1::timestamp OR "lastRunStatus" = 'queued'::"RunStatus")`,
      runStartedAt.toISOString(),
      scheduleId,
    );
  }
  return db.$executeRawUnsafe(
    `UPDATE "Schedule" SET "lastRunAt" = ?, "lastRunStatus" = 'lost' WHERE "id" = ? AND ("lastRunAt" IS NULL OR "lastRunAt" <= ? OR "lastRunStatus" = 'queued')`,
    runStartedAt,
    scheduleId,
    runStartedAt,
  );
}

export type RetryRow = { scheduleId: string; scheduledFor: Date; attempt: number; runAfter: Date };

/**
 * Queues the next attempt of a run, in the same transaction as the statement that recorded the
 * run's outcome: inserted only if that run now has `outcomeStatus` under `workerId` (so a
 * recorded outcome and its retry commit together, or neither), and only once per attempt (the
 * unique key: another worker's reaper may have queued it first). Not awaited: for a transaction.
 */
export function queueRetryQuery(db: Db, runId: string, outcomeStatus: string, workerId: string, retry: RetryRow, now: Date, provider = providerOf(db)) {
  const pg = provider === "postgresql";
  if (pg) {
    return db.$executeRawUnsafe(
      `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "runAfter", "createdAt")
       SELECT $1, $2, 'retry'::"RunTrigger", $3::timestamp, $4, 'queued'::"RunStatus", $5::timestamp, $6::timestamp
       WHERE EXISTS (SELECT 1 FROM "Run" WHERE "id" = $7 AND "status" = $8::"RunStatus" AND "workerId" = $9)
       ON CONFLICT DO NOTHING`,
      randomUUID(),
      retry.scheduleId,
      retry.scheduledFor.toISOString(),
      retry.attempt,
      retry.runAfter.toISOString(),
      now.toISOString(),
      runId,
      outcomeStatus,
      workerId,
    );
  }
  return db.$executeRawUnsafe(
    `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "runAfter", "createdAt")
     SELECT ?, ?, 'retry', ?, ?, 'queued', ?, ?
     WHERE EXISTS (SELECT 1 FROM "Run" WHERE "id" = ? AND "status" = ? AND "workerId" = ?)
     ON CONFLICT DO NOTHING`,
    randomUUID(),
    retry.scheduleId,
    retry.scheduledFor,
    retry.attempt,
    retry.runAfter,
    now,
    runId,
    outcomeStatus,
    workerId,
  );
}

/**
 * Marks runs of this worker `running` with their start time, in one statement, and returns the
 * ids it matched: only those may execute ("save first, then run"). A run matches while queued, or
 * while claimed ahead and not started (its slot's start was not marked, see claims.ts).
 */
export async function markStarted(db: Db, workerId: string, runIds: string[], at: Date): Promise<Set<string>> {
  if (runIds.length === 0) return new Set();
  const rows =
    providerOf(db) === "postgresql"
      ? await db.$queryRawUnsafe<{ id: string }[]>(
          // The ids as one JSON text: the driver escapes a text[] element by element, which costs
          // this thread twice as much (measured) in the middle of a burst.
          `UPDATE "Run" SET "status" = 'running'::"RunStatus", "startedAt" = $1::timestamp WHERE "id" = ANY(ARRAY(SELECT json_array_elements_text($2::json))) AND ("status" = 'queued'::"RunStatus" OR ("status" = 'running'::"RunStatus" AND "startedAt" IS NULL)) AND "workerId" = $3 RETURNING "id"`,
          at.toISOString(),
          JSON.stringify(runIds),
          workerId,
        )
      : await db.$queryRawUnsafe<{ id: string }[]>(
          // "+status": without it SQLite walks every queued run by the status index instead of the ids.
          `UPDATE "Run" SET "status" = 'running', "startedAt" = ? WHERE "id" IN (SELECT value FROM json_each(?)) AND (+"status" = 'queued' OR (+"status" = 'running' AND "startedAt" IS NULL)) AND "workerId" = ? RETURNING "id"`,
          at,
          JSON.stringify(runIds),
          workerId,
        );
  return new Set(rows.map((r) => r.id));
}

export type FinishRow = { id: string; status: string; startedAt: Date; finishedAt: Date; result?: unknown; error?: unknown };

/**
 * Records how a batch of runs ended, in one statement, for the runs still `running` under this
 * worker; returns the ids it matched. Not awaited: for db.$transaction([...]). Inside an
 * interactive transaction pass `provider` (as for setLostQuery); the same for the two below.
 */
export function finishRunsQuery(db: Db, workerId: string, rows: FinishRow[], provider = providerOf(db)) {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  if (provider === "postgresql") {
    return db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "Run" AS r SET "status" = v.status::"RunStatus", "startedAt" = v.started_at, "finishedAt" = v.finished_at, "durationMs" = v.duration,
         "result" = COALESCE(v.result::jsonb, r."result"), "error" = COALESCE(v.error::jsonb, r."error")
       FROM unnest($1::text[], $2::text[], $8::timestamp[], $3::timestamp[], $4::int[], $5::text[], $6::text[]) AS v(id, status, started_at, finished_at, duration, result, error)
       WHERE r."id" = v.id AND r."status" = 'running'::"RunStatus" AND r."workerId" = $7 RETURNING r."id"`,
      rows.map((r) => r.id),
      rows.map((r) => r.status),
      rows.map((r) => r.finishedAt.toISOString()),
      rows.map((r) => r.finishedAt.getTime() - r.startedAt.getTime()),
      rows.map((r) => json(r.result)),
      rows.map((r) => json(r.error)),
      workerId,
      rows.map((r) => r.startedAt.toISOString()),
    );
  }
  const values = rows.map((r) => [r.id, r.status, sqliteInstant(r.startedAt), sqliteInstant(r.finishedAt), r.finishedAt.getTime() - r.startedAt.getTime(), json(r.result), json(r.error)]);
  // "+status": as in markStarted, the ids lead the search, not the status index.
  return db.$queryRawUnsafe<{ id: string }[]>(
    `WITH v AS (SELECT value ->> 0 AS "id", value ->> 1 AS "status", value ->> 2 AS "startedAt", value ->> 3 AS "finishedAt", value ->> 4 AS "durationMs",
                       value ->> 5 AS "result", value ->> 6 AS "error" FROM json_each(?))
     UPDATE "Run" SET "status" = v."status", "startedAt" = v."startedAt", "finishedAt" = v."finishedAt", "durationMs" = v."durationMs",
       "result" = COALESCE(v."result", "Run"."result"), "error" = COALESCE(v."error", "Run"."error")
     FROM v WHERE "Run"."id" = v."id" AND +"Run"."status" = 'running' AND "Run"."workerId" = ? RETURNING "Run"."id"`,
    JSON.stringify(values),
    workerId,
  );
}

/**
 * Sets lastRunAt/lastRunStatus for many schedules in one statement, leaving updatedAt alone; on
 * PostgreSQL the rows are locked in id order first, the lock order of every bookkeeping write (see
 * setNextRunsQueries). Not awaited: for db.$transaction([...]).
 */
export function setLastRunsQueries(db: Db, items: { id: string; at: Date; status: string }[], provider = providerOf(db)) {
  if (items.length === 0) return [];
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (provider === "postgresql") {
    const ids = sorted.map((it) => it.id);
    return [
      db.$queryRawUnsafe(`SELECT "id" FROM "Schedule" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR NO KEY UPDATE`, ids),
      db.$executeRawUnsafe(
        `UPDATE "Schedule" AS s SET "lastRunAt" = v.at, "lastRunStatus" = v.status::"RunStatus" FROM unnest($1::text[], $2::timestamp[], $3::text[]) AS v(id, at, status) WHERE s."id" = v.id`,
        ids,
        sorted.map((it) => it.at.toISOString()),
        sorted.map((it) => it.status),
      ),
    ];
  }
  return [
    db.$executeRawUnsafe(
      `WITH v AS (SELECT value ->> 0 AS "id", value ->> 1 AS "at", value ->> 2 AS "status" FROM json_each(?))
       UPDATE "Schedule" SET "lastRunAt" = v."at", "lastRunStatus" = v."status" FROM v WHERE "Schedule"."id" = v."id"`,
      JSON.stringify(sorted.map((it) => [it.id, sqliteInstant(it.at), it.status])),
    ),
  ];
}
