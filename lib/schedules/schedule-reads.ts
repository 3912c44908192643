// The schedule list and single schedules, read with the driver (lib/db/reader.ts) instead of
// Prisma: a page of 50 rows cost Prisma's per-row work about as much as everything else the list
// request does (bench:api, docs/api.md). The rows come back as Prisma returns them but for their
// instants, which are ISO text in UTC, the form the API shows (StoredSchedule): formatting Dates
// cost a list page more than reading its rows. __tests__/db/schedule-reads.test.ts checks them
// against Prisma's on both databases. Writes are in lib/schedules/schedules.ts (through Prisma) and
// schedule-writes.ts (the API's single create and delete, through the driver, which return their
// rows in this module's form).
import { mergedPages } from "../api/pagination";
import { instant, runPlan, type ReadPlan, type Reader } from "../db/reader";
import { compareListKeys } from "./name-order";
import type { StoredSchedule } from "./serialize";

/** What narrows a list: the owning teams, a search in name and description, the state, a keyset cursor. */
export type ScheduleFilter = { teamIds: readonly string[]; q?: string; isEnabled?: boolean; after?: ListKey };

/**
 * Where a row stands in the list order: names are unique within a team, so across teams the team
 * breaks ties (a cursor from before teams has none: its pages were one owner's).
 */
export type ListKey = { nameKey: string; name: string; teamId?: string };

export type ScheduleCounts = { total: number; enabled: number };

const INSTANTS = ["lastRunAt", "nextRunAt", "createdAt", "updatedAt", "failureAlertedAt"] as const;
const PLAIN = [
  "id",
  "teamId",
  "createdById",
  "name",
  "nameKey",
  "description",
  "cronExpression",
  "timezone",
  "entrypoint",
  "payload",
  "isEnabled",
  "overlapPolicy",
  "misfirePolicy",
  "timeoutSeconds",
  "maxRetries",
  "retryDelaySeconds",
  "lastRunStatus",
  "alerts",
  "failureStreak",
  "pingKey",
] as const;

// Instants as ISO text in UTC. PostgreSQL formats them (Prisma's columns are timestamp(3) holding
// UTC; pg's own parser would read them in the process's zone); SQLite holds Prisma's text,
// "2026-12-07T01:35:00.000+00:00", which isoOf() turns into the API's.
export const SCHEDULE_COLUMNS = {
  sqlite: [...PLAIN, ...INSTANTS].map((c) => `"${c}"`).join(", "),
  postgresql: [...PLAIN.map((c) => `"${c}"`), ...INSTANTS.map((c) => `to_char("${c}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${c}"`)].join(", "),
};

type Column = (typeof PLAIN)[number] | (typeof INSTANTS)[number];
/** Each column's place in a row read as an array (PLAIN, then INSTANTS: the order of SCHEDULE_COLUMNS). */
const AT = Object.fromEntries([...PLAIN, ...INSTANTS].map((c, i) => [c, i])) as Record<Column, number>;

/** A row as SCHEDULE_COLUMNS read it, an object by column name (a driver write's RETURNING). */
export type RawScheduleRow = Record<Column, unknown>;

/** An instant as SCHEDULE_COLUMNS read it, as ISO text in UTC ("2026-12-07T01:35:00.000Z"). */
function isoOf(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v === "string") {
    // PostgreSQL's to_char gives the API's text; Prisma's SQLite text differs in its zone only.
    if (v.length === 24 && v[10] === "T" && v.endsWith("Z")) return v;
    if (v.length === 29 && v[10] === "T" && v.endsWith("+00:00")) return `${v.slice(0, 23)}Z`;
  }
  // Any other form SQLite might hold (epoch ms, another zone): what Prisma would make of it.
  return new Date(instant(v as string | number)!).toISOString();
}

/** SQLite keeps JSON as text; pg parses jsonb itself. */
const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/** A row as SCHEDULE_COLUMNS read it. */
export const toStoredSchedule = (raw: RawScheduleRow): StoredSchedule => rowOf((c) => raw[c]);

/** The same, for a row read as an array (reads of lists and single schedules are: lib/db/reader.ts). */
const fromValues = (values: unknown[]): StoredSchedule => rowOf((c) => values[AT[c]]);

/** A row as Prisma returns it, but for its instants' form, from its columns' values as the drivers give them. */
function rowOf(v: (column: Column) => unknown): StoredSchedule {
  return {
    id: v("id"),
    teamId: v("teamId"),
    createdById: v("createdById"),
    name: v("name"),
    nameKey: v("nameKey"),
    description: v("description"),
    cronExpression: v("cronExpression"),
    timezone: v("timezone"),
    entrypoint: v("entrypoint"),
    payload: json(v("payload")),
    // SQLite keeps booleans as 0 or 1.
    isEnabled: Boolean(v("isEnabled")),
    overlapPolicy: v("overlapPolicy"),
    misfirePolicy: v("misfirePolicy"),
    timeoutSeconds: v("timeoutSeconds"),
    maxRetries: v("maxRetries"),
    retryDelaySeconds: v("retryDelaySeconds"),
    lastRunStatus: v("lastRunStatus"),
    alerts: json(v("alerts")),
    failureStreak: Number(v("failureStreak")),
    pingKey: v("pingKey"),
    lastRunAt: isoOf(v("lastRunAt")),
    nextRunAt: isoOf(v("nextRunAt")),
    createdAt: isoOf(v("createdAt"))!,
    updatedAt: isoOf(v("updatedAt"))!,
    failureAlertedAt: isoOf(v("failureAlertedAt")),
  } as StoredSchedule;
}

/** `%text%` for LIKE, with LIKE's own wildcards in the text matched as themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A query's text for each database from one builder: `param` adds a value and returns its placeholder. */
function bothDialects(build: (param: (value: unknown) => string, provider: Reader["provider"]) => string): { sqlite: string; postgresql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sqlite = build((v) => (params.push(v), "?"), "sqlite");
  let n = 0;
  const postgresql = build(() => `$${++n}`, "postgresql");
  return { sqlite, postgresql, params };
}

/** `"teamId" = ?` for one team, `"teamId" IN (?, ...)` for several. */
const teamCondition = (teamIds: readonly string[], param: (value: unknown) => string) =>
  teamIds.length === 1 ? `"teamId" = ${param(teamIds[0])}` : `"teamId" IN (${teamIds.map(param).join(", ")})`;

/** The WHERE clause of a filter. SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE. */
function whereOf(filter: ScheduleFilter, param: (value: unknown) => string, provider: Reader["provider"]): string {
  const conditions = [teamCondition(filter.teamIds, param)];
  if (filter.q) {
    const like = provider === "postgresql" ? "ILIKE" : "LIKE";
    const pattern = containsPattern(filter.q);
    conditions.push(`("name" ${like} ${param(pattern)} ESCAPE '\\' OR "description" ${like} ${param(pattern)} ESCAPE '\\')`);
  }
  // 1 or 0: better-sqlite3 binds no booleans, and PostgreSQL reads '1' and '0' as booleans.
  if (filter.isEnabled !== undefined) conditions.push(`"isEnabled" = ${param(Number(filter.isEnabled))}`);
  if (filter.after) {
    // `nameKey >= key` is implied by the OR; said on its own, it lets the database start its walk of the index there.
    // Placeholders are numbered in the order param() is called: build the text left to right.
    const { nameKey, name, teamId } = filter.after;
    let after = `"nameKey" >= ${param(nameKey)} AND ("nameKey" > ${param(nameKey)} OR "name" > ${param(name)}`;
    if (teamId !== undefined) after += ` OR ("name" = ${param(name)} AND "teamId" > ${param(teamId)})`;
    conditions.push(`${after})`);
  }
  return conditions.join(" AND ");
}

/** One team's page (`filter.teamIds` holds one). */
const pageQuery = (filter: ScheduleFilter, take: number) =>
  bothDialects((param, provider) => `SELECT ${SCHEDULE_COLUMNS[provider]} FROM "Schedule" WHERE ${whereOf(filter, param, provider)} ORDER BY "nameKey" ASC, "name" ASC LIMIT ${param(take)}`);

/**
 * Up to `take` schedules in the list order (nameKey, then name: lib/schedules/name-order.ts), and
 * how many schedules the filter's teams and search match, and how many of those are enabled (its
 * state and cursor are ignored: the counts are per state).
 * - Each team's index is walked for its first `take` and the pages are merged, so a page costs the
 *   same whatever the teams' sizes.
 * - Without a search, the counts are the rows the database's triggers keep (ScheduleCount): one
 *   lookup per team.
 * - Every team's page query and the counts go together (reader.together: one write to
 *   PostgreSQL, and one round trip, however many teams).
 */
export async function readScheduleList(reader: Reader, filter: ScheduleFilter, take: number): Promise<{ rows: StoredSchedule[]; counts: ScheduleCounts }> {
  if (filter.teamIds.length === 0) return { rows: [], counts: { total: 0, enabled: 0 } };
  const pages = filter.teamIds.map((teamId) => pageQuery({ ...filter, teamIds: [teamId] }, take));
  const count = countsQuery(filter);
  const answers = await reader.together([...pages.map((page) => ({ query: page, params: page.params, arrays: true })), { query: count, params: count.params }]);
  const [counts] = answers.pop() as ScheduleCounts[];
  return { rows: mergedPages(answers.map((rows) => (rows as unknown[][]).map(fromValues)), compareListKeys, take), counts: counts ?? { total: 0, enabled: 0 } };
}

/** One schedule, whichever team it belongs to (the caller checks that), or null. */
export async function readSchedule(reader: Reader, id: string): Promise<StoredSchedule | null> {
  return runPlan(reader, scheduleById(id));
}

/** readSchedule as a plan: an API request sends it with the reads that authenticate its caller. */
export function scheduleById(id: string): ReadPlan<StoredSchedule | null> {
  const query = bothDialects((param, provider) => `SELECT ${SCHEDULE_COLUMNS[provider]} FROM "Schedule" WHERE "id" = ${param(id)}`);
  return {
    reads: [{ query, params: query.params, arrays: true }],
    result: ([[row]]) => (row ? fromValues(row as unknown[]) : null),
  };
}

/** The counts' query: the filter's teams and search (its state and cursor are ignored). */
function countsQuery(filter: ScheduleFilter) {
  // CAST: PostgreSQL's COUNT and SUM are bigints, which pg returns as strings.
  return filter.q
    ? bothDialects(
        (param, provider) =>
          `SELECT CAST(COUNT(*) AS INTEGER) AS "total", CAST(COALESCE(SUM(CASE WHEN "isEnabled" THEN 1 ELSE 0 END), 0) AS INTEGER) AS "enabled" FROM "Schedule" WHERE ${whereOf({ teamIds: filter.teamIds, q: filter.q }, param, provider)}`,
      )
    : bothDialects(
        (param) =>
          `SELECT CAST(COALESCE(SUM("total"), 0) AS INTEGER) AS "total", CAST(COALESCE(SUM("enabled"), 0) AS INTEGER) AS "enabled" FROM "ScheduleCount" WHERE ${teamCondition(filter.teamIds, param)}`,
      );
}
