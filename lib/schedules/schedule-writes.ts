// The API's single create and delete of a schedule, through the driver (lib/db/writer.ts) instead
// of a Prisma interactive transaction, which cost several times the statements themselves
// (docs/api.md). Each is one transaction of the fewest statements that keep what the Prisma path
// (lib/schedules/schedules.ts insertSchedule, removeSchedule) guarantees:
// - create: the insert (its trigger adds one to the team's ScheduleCount row, which serializes
//   creates in a team: on PostgreSQL the row stays locked until the transaction ends, on SQLite the
//   transaction holds the write lock from its start), then the audit row, inserted only while that
//   count is within the limit; no audit row means over the limit, and the transaction rolls back.
// - delete: a delete on condition that the caller is at least an editor of the schedule's team
//   (its triggers write the tombstone and the count), and its audit row.
// The rows are the ones prepareSchedule and auditRow build, stored as Prisma stores them.
import { randomUUID } from "node:crypto";
import { ApiError } from "../api/errors";
import { Prisma } from "../db/client";
import type { Statement, Writer } from "../db/writer";
import type { DbTarget } from "../db/target";
import { sqliteInstant } from "../scheduler/sql";
import { auditRow, type Actor } from "../teams/audit";
import { SCHEDULE_COLUMNS, toScheduleRow, type RawScheduleRow } from "./schedule-reads";
import type { ScheduleRow } from "./serialize";
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
 * as its text (Prisma.DbNull: SQL NULL). The placeholder carries PostgreSQL's cast where a bare
 * parameter's type would not be inferred (in a SELECT list).
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
  }
  params.push(value);
  return provider === "sqlite" ? "?" : `$${params.length}${cast}`;
}

type Values = { columns: string; placeholders: string; params: unknown[] };

/**
 * The columns and placeholders of `row`'s defined fields (undefined: the column's default, as
 * Prisma leaves it); `expressions` stand in SQL for some columns' values. `taken`: how many
 * parameters come before these in the statement (PostgreSQL numbers them).
 */
function valuesOf(provider: Provider, row: Record<string, unknown>, taken = 0, expressions: Record<string, string> = {}): Values {
  const params: unknown[] = Array(taken);
  const columns: string[] = [];
  const placeholders: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    columns.push(`"${column}"`);
    placeholders.push(expressions[column] ?? param(provider, params, column, value));
  }
  return { columns: columns.join(", "), placeholders: placeholders.join(", "), params: params.slice(taken) };
}

/** The team's schedule count as its triggers keep it; no row yet counts as none. */
const teamCount = (teamParam: string) => `COALESCE((SELECT "total" FROM "ScheduleCount" WHERE "teamId" = ${teamParam}), 0)`;

/**
 * Inserts a prepared schedule (with the id and instants Prisma would give it: a uuid, createdAt =
 * updatedAt = now) and its audit row, in one transaction; over the team's limit, rolls back and
 * throws the 409. Returns the row as Prisma's create returns it. Both statements go together (in
 * one round trip on PostgreSQL): the audit row's values are known before the insert.
 */
export function createScheduleRow(writer: Writer, actor: Actor, { teamId, data }: PreparedSchedule, limit: number, now = new Date()): Promise<ScheduleRow> {
  const id = randomUUID();
  return writer.transaction(function* (provider) {
    const row = valuesOf(provider, { id, ...data, createdAt: now, updatedAt: now });
    const audit = valuesOf(provider, { id: randomUUID(), ...auditRow(actor, { teamId, action: "schedule.created", target: { type: "schedule", id, name: data.name } }) });
    const [[created], within] = yield [
      { text: `INSERT INTO "Schedule" (${row.columns}) VALUES (${row.placeholders}) RETURNING ${SCHEDULE_COLUMNS[provider]}`, params: row.params },
      limitGuarded(provider, audit, teamId, limit),
    ];
    if (within.length === 0) throw overScheduleLimit(limit);
    return toScheduleRow(created as RawScheduleRow);
  });
}

/**
 * An audit row's INSERT that inserts it only while the team's count (the insert before it in the
 * transaction counted) is within `limit`, RETURNING a row when it did.
 */
function limitGuarded(provider: Provider, audit: Values, teamId: string, limit: number): Statement {
  const params = [...audit.params];
  const team = param(provider, params, "teamId", teamId);
  const most = param(provider, params, "limit", limit);
  return {
    text: `INSERT INTO "AuditEvent" (${audit.columns}) SELECT ${audit.placeholders} WHERE ${teamCount(team)} <= ${most}${provider === "postgresql" ? "::int" : ""} RETURNING "id"`,
    params,
  };
}

/** A deleted schedule: its team and name, for the audit row. */
export type Removed = { teamId: string; name: string };

/**
 * Deletes the schedule, if it is in one of `teamIds` (those where the caller is at least an
 * editor), with its audit row, atomically. Null when it deleted nothing (missing, another team's,
 * or a role too low: the caller tells which). On PostgreSQL one statement (the audit row's insert
 * reads the deleted row), on SQLite a transaction of two.
 */
export async function deleteScheduleRow(writer: Writer, actor: Actor, id: string, teamIds: readonly string[]): Promise<Removed | null> {
  // The team and name come from the deleted row: placeholders here, replaced below.
  const entry = auditRow(actor, { teamId: "", action: "schedule.deleted", target: { type: "schedule", id, name: "" } });
  if (writer.provider === "postgresql") {
    const audit = valuesOf("postgresql", { id: randomUUID(), ...entry }, 2, { teamId: `gone."teamId"`, targetName: `gone."name"` });
    const [gone] = await writer.statement<Removed>({
      text: `WITH gone AS (DELETE FROM "Schedule" WHERE "id" = $1 AND "teamId" = ANY($2::text[]) RETURNING "teamId", "name")
        INSERT INTO "AuditEvent" (${audit.columns}) SELECT ${audit.placeholders} FROM gone RETURNING "teamId", "targetName" AS "name"`,
      params: [id, [...teamIds], ...audit.params],
    });
    return gone ?? null;
  }
  return writer.transaction(function* () {
    // One statement text whatever the number of teams: SQLite keeps it prepared.
    const [[gone]] = yield [{ text: `DELETE FROM "Schedule" WHERE "id" = ? AND "teamId" IN (SELECT "value" FROM json_each(?)) RETURNING "teamId", "name"`, params: [id, JSON.stringify(teamIds)] }];
    if (!gone) return null;
    const { teamId, name } = gone as Removed;
    const audit = valuesOf("sqlite", { id: randomUUID(), ...entry, teamId, targetName: name });
    yield [{ text: `INSERT INTO "AuditEvent" (${audit.columns}) VALUES (${audit.placeholders})`, params: audit.params }];
    return { teamId, name };
  });
}
