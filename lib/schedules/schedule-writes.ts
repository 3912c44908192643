// The API's single create and delete of a schedule, through the driver (lib/db/writer.ts) instead
// of a Prisma interactive transaction, which cost several times the statements themselves. Each is one transaction of the fewest statements that keep what the Prisma path
// (lib/schedules/schedules.ts insertSchedule, removeSchedule) guarantees:
// - create: the insert (its trigger adds one to the team's ScheduleCount row, which serializes
//   creates in a team: on PostgreSQL the row stays locked until the transaction ends, on SQLite the
//   transaction holds the write lock from its start), then the audit row, whose action is NULL
//   once that count is past the limit: its NOT NULL fails the statement, and the transaction rolls
//   back (a failing statement is how a batch stops: lib/db/writer.ts). Both in one round trip.
// - delete: a delete on condition that the caller is at least an editor of the schedule's team
//   (its triggers write the tombstone and the count), and its audit row, made of the deleted row.
// The rows are the ones prepareSchedule and auditRow build, stored as Prisma stores them.
import { randomUUID } from "node:crypto";
import { ApiError } from "../api/errors";
import { Prisma } from "../db/client";
import type { Writer } from "../db/writer";
import type { DbTarget } from "../db/target";
import { sqliteInstant } from "../scheduler/sql";
import { auditRow, type Actor } from "../teams/audit";
import { SCHEDULE_COLUMNS, toStoredSchedule, type RawScheduleRow } from "./schedule-reads";
import type { StoredSchedule } from "./serialize";
import type { PreparedSchedule } from "./schedules";

type Provider = DbTarget["provider"];

/** The 409 of a create past the team's limit, on either path. */
export const overScheduleLimit = (limit: number) =>
  new ApiError("conflict", `This team has reached the limit of ${limit} schedules; delete some or ask the operator to raise MAX_SCHEDULES_PER_TEAM`);

// The JSON columns of the rows written here: stored as their JSON text (SQLite's JSONB columns
// hold text, as Prisma writes them; PostgreSQL's jsonb parses it).
const JSON_COLUMNS = new Set(["payload", "alerts", "changes"]);

/**
 * A value as Prisma's adapters store it: a DateTime as Prisma's ISO text on SQLite (sqliteInstant)
 * and as UTC text cast to the timestamp column on PostgreSQL; booleans as 1 or 0 on SQLite; JSON
 * as its text (Prisma.DbNull: SQL NULL). Returns its placeholder, with PostgreSQL's cast where a
 * bare parameter's type would not be inferred (in a SELECT list).
 */
function param(provider: Provider, params: unknown[], column: string, value: unknown): string {
  let cast = "";
  if (JSON_COLUMNS.has(column)) {
    value = value === Prisma.DbNull || value === null ? null : JSON.stringify(value === Prisma.JsonNull ? null : value);
    cast = "::jsonb";
  } else if (value instanceof Date) {
    value = provider === "sqlite" ? sqliteInstant(value) : value.toISOString();
    cast = "::timestamp";
  } else if (typeof value === "boolean" && provider === "sqlite") {
    value = value ? 1 : 0;
  } else if (typeof value === "number") {
    cast = "::int";
  }
  params.push(value);
  return provider === "sqlite" ? "?" : `$${params.length}${cast}`;
}

type Values = { columns: string; placeholders: string; params: unknown[] };
/** SQL for a column's value in place of its parameter; `bind` adds a parameter (in the order called) and returns its placeholder. */
type Expression = (bind: (value: unknown, column: string) => string) => string;

/**
 * The columns and placeholders of `row`'s defined fields (undefined: the column's default, as
 * Prisma leaves it), `expressions` in place of some. `taken`: parameters before these in the
 * statement (PostgreSQL numbers them).
 */
function valuesOf(provider: Provider, row: Record<string, unknown>, { taken = 0, expressions = {} }: { taken?: number; expressions?: Record<string, Expression> } = {}): Values {
  const params: unknown[] = Array(taken);
  const bind = (value: unknown, column: string) => param(provider, params, column, value);
  const columns: string[] = [];
  const placeholders: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    columns.push(`"${column}"`);
    placeholders.push(expressions[column]?.(bind) ?? bind(value, column));
  }
  return { columns: columns.join(", "), placeholders: placeholders.join(", "), params: params.slice(taken) };
}

/** The failure of the audit row's insert that says the team is past its limit (its action NULL, see createScheduleRow). */
function isPastLimit(err: unknown): boolean {
  const { code, table, column, message } = (err ?? {}) as { code?: unknown; table?: unknown; column?: unknown; message?: unknown };
  if (code === "23502") return table === "AuditEvent" && column === "action";
  return code === "SQLITE_CONSTRAINT_NOTNULL" && /\bAuditEvent\.action\b/.test(String(message));
}

/**
 * Inserts a prepared schedule (with the id and instants Prisma would give it: a uuid, createdAt =
 * updatedAt = now) and its audit row, in one transaction; past the team's limit, rolls back and
 * throws the 409. Returns the row as the driver's reads do (StoredSchedule: instants as ISO text).
 */
export async function createScheduleRow(writer: Writer, actor: Actor, { teamId, data }: PreparedSchedule, limit: number, now = new Date()): Promise<StoredSchedule> {
  const { provider } = writer;
  const id = randomUUID();
  const row = valuesOf(provider, { id, ...data, createdAt: now, updatedAt: now });
  const entry = auditRow(actor, { teamId, action: "schedule.created", target: { type: "schedule", id, name: data.name } });
  // The count the insert's trigger has just moved, read after it in the same transaction.
  const audit = valuesOf(provider, { id: randomUUID(), ...entry }, {
    expressions: {
      action: (bind) => `CASE WHEN COALESCE((SELECT "total" FROM "ScheduleCount" WHERE "teamId" = ${bind(teamId, "teamId")}), 0) <= ${bind(limit, "limit")} THEN ${bind(entry.action, "action")} END`,
    },
  });
  try {
    const [[created]] = await writer.batch([
      { text: `INSERT INTO "Schedule" (${row.columns}) VALUES (${row.placeholders}) RETURNING ${SCHEDULE_COLUMNS[provider]}`, params: row.params },
      { text: `INSERT INTO "AuditEvent" (${audit.columns}) SELECT ${audit.placeholders}`, params: audit.params },
    ]);
    return toStoredSchedule(created as RawScheduleRow);
  } catch (err) {
    if (isPastLimit(err)) throw overScheduleLimit(limit);
    throw err;
  }
}

/** A deleted schedule: its team and name, for the audit row. */
export type Removed = { teamId: string; name: string };

/**
 * Deletes the schedule, if it is in one of `teamIds` (those where the caller is at least an
 * editor), with its audit row, atomically. Null when it deleted nothing (missing, another team's,
 * or a role too low: the caller tells which). The audit row's team and name are the deleted
 * row's: on PostgreSQL one statement (the insert reads the delete's RETURNING); on SQLite, whose
 * DELETE cannot feed an INSERT, the insert reads the row first, in the same transaction.
 */
export async function deleteScheduleRow(writer: Writer, actor: Actor, id: string, teamIds: readonly string[]): Promise<Removed | null> {
  const { provider } = writer;
  const entry = auditRow(actor, { teamId: "", action: "schedule.deleted", target: { type: "schedule", id, name: "" } });
  const fromRow = { teamId: () => `"teamId"`, targetName: () => `"name"` };
  if (provider === "postgresql") {
    const audit = valuesOf(provider, { id: randomUUID(), ...entry }, { taken: 2, expressions: fromRow });
    const [[gone]] = await writer.batch([
      {
        text: `WITH "gone" AS (DELETE FROM "Schedule" WHERE "id" = $1 AND "teamId" = ANY($2::text[]) RETURNING "teamId", "name")
          INSERT INTO "AuditEvent" (${audit.columns}) SELECT ${audit.placeholders} FROM "gone" RETURNING "teamId", "targetName" AS "name"`,
        params: [id, [...teamIds], ...audit.params],
      },
    ]);
    return (gone as Removed | undefined) ?? null;
  }
  // One statement text whatever the number of teams: SQLite keeps it prepared.
  const where = `"id" = ? AND "teamId" IN (SELECT "value" FROM json_each(?))`;
  const audit = valuesOf(provider, { id: randomUUID(), ...entry }, { expressions: fromRow });
  const [, [gone]] = await writer.batch([
    { text: `INSERT INTO "AuditEvent" (${audit.columns}) SELECT ${audit.placeholders} FROM "Schedule" WHERE ${where}`, params: [...audit.params, id, JSON.stringify(teamIds)] },
    { text: `DELETE FROM "Schedule" WHERE ${where} RETURNING "teamId", "name"`, params: [id, JSON.stringify(teamIds)] },
  ]);
  return (gone as Removed | undefined) ?? null;
}
