// The engine's hot-path statements in raw SQL, one form per database: claiming a batch of slots
// in one INSERT ... ON CONFLICT DO NOTHING RETURNING (the rows returned are the slots this worker
// won), and bookkeeping updates that must not bump updatedAt (Prisma sets it client-side on every
// update, and workers read a moved updatedAt as an edit).
import { randomUUID } from "node:crypto";
import { providerOf, type Db } from "../db/client";

export type ClaimRow = { scheduleId: string; scheduledFor: Date; status: "queued" | "skipped"; error?: unknown };
export type Claimed = { id: string; scheduleId: string; scheduledFor: Date };

const CHUNK = 400;

/**
 * Claims `rows` in chunks of 400; `onChunk` gets each chunk's wins as soon as its statement
 * returns, so a burst of 10,000 slots starts running after the first chunk, not the last.
 */
export async function claimSlots(db: Db, workerId: string, rows: ClaimRow[], onChunk?: (won: Claimed[]) => void): Promise<Claimed[]> {
  const pg = providerOf(db) === "postgresql";
  const claimed: Claimed[] = [];
  const now = new Date();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return pg ? `$${params.length}` : "?";
    };
    // Placeholders are made in the order they appear in the statement: SQLite's "?" are positional.
    // Instants: SQLite gets Date objects, stored as text exactly as Prisma stores them (the unique
    // key compares that text); PostgreSQL gets ISO strings cast to its UTC timestamp column.
    const ts = (v: Date) => (pg ? `${p(v.toISOString())}::timestamp` : p(v));
    const values = chunk.map((r) => {
      const parts = [
        p(randomUUID()),
        p(r.scheduleId),
        pg ? `'schedule'::"RunTrigger"` : "'schedule'",
        ts(r.scheduledFor),
        "1",
        pg ? `${p(r.status)}::"RunStatus"` : p(r.status),
        p(workerId),
        r.error === undefined ? "NULL" : pg ? `${p(JSON.stringify(r.error))}::jsonb` : p(JSON.stringify(r.error)),
        r.status === "skipped" ? ts(now) : "NULL",
        ts(now),
      ];
      return `(${parts.join(", ")})`;
    });
    const sql = `INSERT INTO "Run" ("id", "scheduleId", "trigger", "scheduledFor", "attempt", "status", "workerId", "error", "finishedAt", "createdAt")
      VALUES ${values.join(", ")} ON CONFLICT DO NOTHING RETURNING "id", "scheduleId", "scheduledFor", "status"`;
    const won = await db.$queryRawUnsafe<{ id: string; scheduleId: string; scheduledFor: Date | string; status: string }[]>(sql, ...params);
    const chunkWon: Claimed[] = [];
    for (const w of won) if (w.status === "queued") chunkWon.push({ id: w.id, scheduleId: w.scheduleId, scheduledFor: new Date(w.scheduledFor) });
    claimed.push(...chunkWon);
    onChunk?.(chunkWon);
  }
  return claimed;
}

type ScheduleBookkeeping = { lastRunAt?: Date; lastRunStatus?: string; nextRunAt?: Date | null };

/** Sets lastRunAt/lastRunStatus and/or nextRunAt, leaving updatedAt alone; not awaited, for db.$transaction([...]). */
export function recordScheduleQuery(db: Db, scheduleId: string, fields: ScheduleBookkeeping) {
  const pg = providerOf(db) === "postgresql";
  const params: unknown[] = [];
  const p = (v: unknown, cast = "") => {
    params.push(v);
    return (pg ? `$${params.length}` : "?") + (pg ? cast : "");
  };
  const sets: string[] = [];
  const ts = (d: Date) => (pg ? p(d.toISOString(), "::timestamp") : p(d));
  if (fields.lastRunAt) sets.push(`"lastRunAt" = ${ts(fields.lastRunAt)}`);
  if (fields.lastRunStatus) sets.push(`"lastRunStatus" = ${p(fields.lastRunStatus, '::"RunStatus"')}`);
  if (fields.nextRunAt !== undefined) sets.push(`"nextRunAt" = ${fields.nextRunAt === null ? "NULL" : ts(fields.nextRunAt)}`);
  if (!sets.length) throw new Error("recordScheduleQuery: nothing to set");
  return db.$executeRawUnsafe(`UPDATE "Schedule" SET ${sets.join(", ")} WHERE "id" = ${p(scheduleId)}`, ...params);
}

/**
 * Sets nextRunAt for many schedules in one statement (per 500), leaving updatedAt alone. On
 * PostgreSQL the rows are locked in id order first: the same order as every other bookkeeping
 * write, so that two workers' write-backs cannot deadlock. Not awaited: for db.$transaction([...]).
 */
export function recordNextRunsQueries(db: Db, items: { id: string; next: Date | null }[]) {
  const pg = providerOf(db) === "postgresql";
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const queries = [];
  for (let i = 0; i < sorted.length; i += 500) {
    const chunk = sorted.slice(i, i + 500);
    if (pg) {
      const ids = chunk.map((it) => it.id);
      const values = chunk.map((_, k) => `($${2 * k + 1}, $${2 * k + 2}::timestamp)`).join(", ");
      const params = chunk.flatMap((it) => [it.id, it.next === null ? null : it.next.toISOString()]);
      queries.push(db.$queryRawUnsafe(`SELECT "id" FROM "Schedule" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`, ids));
      queries.push(db.$executeRawUnsafe(`UPDATE "Schedule" AS s SET "nextRunAt" = v.next FROM (VALUES ${values}) AS v(id, next) WHERE s."id" = v.id`, ...params));
    } else {
      const values = chunk.map(() => "(?, ?)").join(", ");
      const params = chunk.flatMap((it) => [it.id, it.next]);
      queries.push(
        db.$executeRawUnsafe(
          `WITH v(id, next) AS (VALUES ${values}) UPDATE "Schedule" SET "nextRunAt" = (SELECT next FROM v WHERE v.id = "Schedule"."id") WHERE "id" IN (SELECT id FROM v)`,
          ...params,
        ),
      );
    }
  }
  return queries;
}
