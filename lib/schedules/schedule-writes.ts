// The API's single create and delete of a schedule, through the driver (lib/db/writer.ts) instead
// of a Prisma interactive transaction, which cost several times the statements themselves
// (docs/api.md). Each is one transaction of the fewest statements that keep what the Prisma path
// (lib/schedules/schedules.ts insertSchedule, removeSchedule) guarantees:
// - create: the insert (its trigger adds one to the team's ScheduleCount row, which serializes
//   creates in a team), then the audit row, inserted only while that count is within the limit;
//   no audit row means over the limit, and the transaction rolls back.
// - delete: a delete on condition that the caller is at least an editor of the schedule's team
//   (its triggers write the tombstone and the count), then its audit row.
// The rows are the ones prepareSchedule and auditRow build, stored as Prisma stores them.
import { randomUUID } from "node:crypto";
import { ApiError } from "../api/errors";
import { Prisma } from "../db/client";
import type { Statement, TransactionBody } from "../db/writer";
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

/** The columns and placeholders of `row`'s defined fields (undefined: the column's default, as Prisma leaves it). */
function valuesOf(provider: Provider, row: Record<string, unknown>) {
  const params: unknown[] = [];
  const columns: string[] = [];
  const placeholders: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (value === undefined) continue;
    columns.push(`"${column}"`);
    placeholders.push(param(provider, params, column, value));
  }
  return { columns: columns.join(", "), placeholders: placeholders.join(", "), params };
}

/** The team's schedule count as its triggers keep it; no row yet counts as none. */
const teamCount = (teamParam: string) => `COALESCE((SELECT "total" FROM "ScheduleCount" WHERE "teamId" = ${teamParam}), 0)`;

/**
 * The create's transaction: the schedule (with the id and instants Prisma would give it: a uuid,
 * createdAt = updatedAt = now), and its audit row within the limit. Returns the row as Prisma's
 * create returns it.
 */
export function insertScheduleTx(actor: Actor, { teamId, data }: PreparedSchedule, limit: number, now = new Date()): TransactionBody<ScheduleRow> {
  return function* (provider) {
    const row = valuesOf(provider, { id: randomUUID(), ...data, createdAt: now, updatedAt: now });
    const [created] = (yield {
      text: `INSERT INTO "Schedule" (${row.columns}) VALUES (${row.placeholders}) RETURNING ${SCHEDULE_COLUMNS[provider]}`,
      params: row.params,
    }) as RawScheduleRow[];
    const audit = valuesOf(provider, { id: randomUUID(), ...auditRow(actor, { teamId, action: "schedule.created", target: { type: "schedule", id: created.id, name: created.name } }) });
    const within = (yield limitGuarded(provider, audit, teamId, limit)) as unknown[];
    if (within.length === 0) throw overScheduleLimit(limit);
    return toScheduleRow(created);
  };
}

/** An audit row's INSERT that inserts it only while the team's count is within `limit` (RETURNING a row when it did). */
function limitGuarded(provider: Provider, audit: ReturnType<typeof valuesOf>, teamId: string, limit: number): Statement {
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
 * The delete's transaction: the schedule, if it is in one of `teamIds` (those where the caller is at
 * least an editor), and its audit row. Null when it deleted nothing (missing, another team's, or a
 * role too low: the caller tells which).
 */
export function removeScheduleTx(actor: Actor, id: string, teamIds: readonly string[]): TransactionBody<Removed | null> {
  return function* (provider) {
    // One statement text whatever the number of teams: SQLite keeps it prepared.
    const teams =
      provider === "sqlite"
        ? { text: `"teamId" IN (SELECT "value" FROM json_each(?))`, value: JSON.stringify(teamIds) }
        : { text: `"teamId" = ANY($2::text[])`, value: [...teamIds] };
    const [gone] = (yield {
      text: `DELETE FROM "Schedule" WHERE "id" = ${provider === "sqlite" ? "?" : "$1"} AND ${teams.text} RETURNING "teamId", "name"`,
      params: [id, teams.value],
    }) as Removed[];
    if (!gone) return null;
    const audit = valuesOf(provider, { id: randomUUID(), ...auditRow(actor, { teamId: gone.teamId, action: "schedule.deleted", target: { type: "schedule", id, name: gone.name } }) });
    yield { text: `INSERT INTO "AuditEvent" (${audit.columns}) VALUES (${audit.placeholders})`, params: audit.params };
    return gone;
  };
}
