// Schedules: the data access and the rules, shared by the REST API and the @cron assistant.
// Schedules belong to teams. Every call carries the caller's TeamAccess (lib/teams/access.ts): a
// schedule of a team they are not in is simply not found, and a change needs the editor role.
import { readAlertRules, rulesRestartStreak } from "../alerts/rules";
import { appNow } from "../app-clock";
import { checkAlertChannels, jsonOrDbNull, rulesForNewSchedule } from "../alerts/schedule-rules";
import { ApiError, isUniqueViolation, notFound, validationError } from "../api/errors";
import { decodeCursor, paginate } from "../api/pagination";
import { nextRun } from "../cron/next-runs";
import { readerFor, writerOf, type Db, type Prisma } from "../db/client";
import { HEARTBEAT } from "../entrypoints/heartbeat";
import { endStartedRuns } from "../heartbeats/settle";
import { registerPayload } from "../entrypoints/registry";
import { newPingKey } from "../heartbeats/ping-key";
import { teamSecretNames } from "../secrets/team-secrets";
import { env } from "../env";
import { presentPayload } from "../entrypoints/registry";
import { readableTeams, requireRole, type TeamAccess } from "../teams/access";
import { roleAtLeast } from "../teams/roles";
import { changesOf, recordAudit, type AuditEntry, type Changes } from "../teams/audit";
import type { ScheduleCreate, ScheduleListOut, ScheduleListQuery, ScheduleOut, ScheduleUpdate } from "../validation/schedules";
import { nameKey } from "./name-order";
import { readSchedule, readScheduleList, type ListKey, type ScheduleFilter } from "./schedule-reads";
import { createScheduleRow, deleteScheduleRow, overScheduleLimit } from "./schedule-writes";
import { toScheduleOut, type ScheduleRow, type StoredSchedule } from "./serialize";

const SCHEDULE_NOT_FOUND = "No such schedule";

/** The fields an edit's audit row shows before and after. */
const AUDITED_FIELDS = [
  "name",
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
  "alerts",
] as const satisfies readonly (keyof ScheduleRow)[];
const TEAM_NOT_FOUND = "No such team";

/** Most schedules one team may have (MAX_SCHEDULES_PER_TEAM, or its older name MAX_SCHEDULES_PER_USER). */
export function scheduleLimit(): number {
  return env().MAX_SCHEDULES_PER_TEAM ?? env().MAX_SCHEDULES_PER_USER;
}

// How often a change is tried again when its schedule's timing moved between the read and the
// write (see writeIfUnchanged): each miss needs another change to the same schedule in that
// window, so a handful of misses in a row means something keeps changing it.
const WRITE_ATTEMPTS = 5;

/** What decides nextRunAt. */
type Timing = { cronExpression: string; timezone: string; isEnabled: boolean };

/** When the schedule fires next, or null while it is disabled. */
export function computeNextRunAt(s: Timing, now = appNow()): Date | null {
  return s.isEnabled ? nextRun(s.cronExpression, s.timezone, now) : null;
}

const timingOf = (s: Timing): Timing => ({ cronExpression: s.cronExpression, timezone: s.timezone, isEnabled: s.isEnabled });
const sameTiming = (a: Timing, b: Timing) => a.cronExpression === b.cronExpression && a.timezone === b.timezone && a.isEnabled === b.isEnabled;

async function checkedPayload(db: Db, teamId: string, entrypoint: string, payload: unknown, previous?: unknown): Promise<Prisma.InputJsonValue> {
  const result = await registerPayload(entrypoint, payload, previous, { allowPrivateNetwork: env().ALLOW_PRIVATE_NETWORK_TARGETS }, { teamId, teamSecrets: () => teamSecretNames(db, teamId) });
  if (!result.ok) throw validationError({ [result.field]: result.message });
  return result.payload as Prisma.InputJsonValue;
}

/** Rethrows a unique violation on the name as the 409 that says so. */
export function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new ApiError("conflict", "A schedule with this name already exists in this team", { name: "already used by another schedule of this team" });
  throw err;
}

/**
 * A shell job runs its command on the workers with their permissions (lib/entrypoints/shell.ts):
 * creating one, or changing a schedule that is or becomes one, is for the team's admins and
 * owners. Enabling, disabling, running and deleting one stay with editors: they run nothing new.
 */
function requireShellRole(access: TeamAccess, teamId: string, entrypoints: string[]): void {
  if (!entrypoints.includes("shell")) return;
  const role = requireRole(access, teamId, "viewer", TEAM_NOT_FOUND);
  if (!roleAtLeast(role, "admin")) {
    throw new ApiError("forbidden", `Only team admins and owners may create or change shell schedules (a shell job runs its command on the workers); you are ${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`);
  }
}

/** The schedule, if the caller is in its team and holds `needed` there (a 404, or a 403 naming the role). */
async function findForRole(db: Db, access: TeamAccess, id: string, needed: "viewer" | "editor"): Promise<ScheduleRow> {
  return withRole(access, await db.schedule.findUnique({ where: { id } }), needed);
}

/** `row` if the caller is in its team and holds `needed` there; else a 404, or a 403 naming the role. */
function withRole<R extends { teamId: string }>(access: TeamAccess, row: R | null, needed: "viewer" | "editor"): R {
  if (!row || !access.roles.has(row.teamId)) throw notFound(SCHEDULE_NOT_FOUND);
  requireRole(access, row.teamId, needed, SCHEDULE_NOT_FOUND);
  return row;
}

/**
 * Reads the schedule and writes what `change` makes of it (nothing when it returns null), on
 * condition that its timing is still what was read: a nextRunAt computed from a read that a
 * toggle or another edit has since overtaken (an enabled schedule's next time written onto one
 * just disabled) is never stored. On a miss it reads again; a deleted schedule is a 404.
 */
async function writeIfUnchanged(
  db: Db,
  access: TeamAccess,
  id: string,
  change: (current: ScheduleRow) => Promise<{ data: Prisma.ScheduleUpdateManyMutationInput; audit: Omit<AuditEntry, "teamId" | "target"> } | null>,
  now = new Date(),
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await findForRole(db, access, id, "editor");
    const made = await change(current);
    if (!made) return;
    const { data, audit } = made;
    // The change and its audit row, in one transaction.
    const count = await db
      .$transaction(async (tx) => {
        const { count } = await tx.schedule.updateMany({ where: { id, teamId: current.teamId, ...timingOf(current) }, data });
        if (count > 0) {
          if (stopsBeingCheck(current, data)) await endStartedRuns(tx, id, now);
          await recordAudit(tx, access.actor, { ...audit, teamId: current.teamId, target: { type: "schedule", id, name: typeof data.name === "string" ? data.name : current.name } });
        }
        return count;
      })
      .catch(nameTaken);
    if (count > 0) return;
    if (attempt >= WRITE_ATTEMPTS) throw new ApiError("conflict", "The schedule kept changing while this change was being saved; try again");
  }
}

/** Where a later page starts: the last row of the page before, as the list cursor carries it. */
function afterCursor(cursor: string): ListKey {
  let legacy = false;
  try {
    decodeCursor(cursor, 1);
    legacy = true;
  } catch {
    // not a cursor from before nameKey: decoded below
  }
  if (legacy) throw validationError({ cursor: "this cursor is from an older version of Almanac (before lists ignored case): start again without a cursor" });
  try {
    const [nameKey, name, teamId] = decodeCursor(cursor, 3);
    return { nameKey, name, teamId };
  } catch {
    // A cursor from before teams: its pages were one owner's, where names alone are unique.
    const [nameKey, name] = decodeCursor(cursor, 2);
    return { nameKey, name };
  }
}

/** The schedules of every team the caller is in (or of `query.teamId`), by name. */
export async function listSchedules(db: Db, access: TeamAccess, query: ScheduleListQuery): Promise<ScheduleListOut> {
  const filter: ScheduleFilter = { teamIds: readableTeams(access, query.teamId), q: query.q?.trim() || undefined };
  // The counts are per state for the search, whatever the enabled filter says.
  const { rows, counts } = await readScheduleList(
    readerFor(db),
    { ...filter, isEnabled: query.enabled ? query.enabled === "true" : undefined, after: query.cursor ? afterCursor(query.cursor) : undefined },
    query.limit + 1,
  );
  // The cursor carries the stored key, not one recomputed from the name: the next page starts
  // exactly where this one ended in the database's own order.
  const { page, nextCursor } = paginate(rows, query.limit, (r) => [r.nameKey, r.name, r.teamId]);
  return { items: page.map(toScheduleOut), nextCursor, counts: { all: counts.total, enabled: counts.enabled, disabled: counts.total - counts.enabled } };
}

export async function getSchedule(db: Db, access: TeamAccess, id: string): Promise<ScheduleOut> {
  return shownSchedule(access, await readSchedule(readerFor(db), id));
}

/** A schedule as read (by readSchedule or the scheduleById plan), if the caller may see it; a 404 otherwise. */
export function shownSchedule(access: TeamAccess, row: StoredSchedule | null): ScheduleOut {
  if (!row || !access.roles.has(row.teamId)) throw notFound(SCHEDULE_NOT_FOUND);
  return toScheduleOut(row);
}

/** The payload a schedule gets when none is sent: a log job's message is the schedule's name. */
export function defaultPayload(entrypoint: string, name: string): unknown {
  return entrypoint === "log" ? { message: name } : {};
}

/** A schedule checked and ready to insert (prepareSchedule), in its team. */
export type PreparedSchedule = { teamId: string; data: Prisma.ScheduleUncheckedCreateInput };

/**
 * Checks what a create needs (the editor role in the team, the admin role for a shell job, the
 * payload by its job type, the alert rules) and builds the row, writing nothing.
 */
export async function prepareSchedule(db: Db, access: TeamAccess, input: ScheduleCreate, now = appNow()): Promise<PreparedSchedule> {
  const { payload: _ignored, teamId: requestedTeam, alerts: sentAlerts, ...rest } = input;
  const teamId = requestedTeam ?? access.defaultTeamId;
  requireRole(access, teamId, "editor", TEAM_NOT_FOUND);
  requireShellRole(access, teamId, [input.entrypoint]);
  // A log job needs a message: by default, the schedule's name.
  const rawPayload = input.payload ?? defaultPayload(input.entrypoint, input.name);
  const payload = await checkedPayload(db, teamId, input.entrypoint, rawPayload);
  const alerts = await rulesForNewSchedule(db, teamId, sentAlerts);
  return {
    teamId,
    data: {
      ...rest,
      nameKey: nameKey(input.name),
      description: input.description ?? null,
      payload,
      alerts: jsonOrDbNull(alerts),
      teamId,
      createdById: access.userId,
      nextRunAt: computeNextRunAt(input, now),
      pingKey: input.entrypoint === HEARTBEAT ? newPingKey() : null,
    },
  };
}

/** Inserts a prepared schedule and its audit row in `tx`; over the team's limit, throws (the caller's transaction rolls back). */
export async function insertSchedule(tx: Prisma.TransactionClient, access: TeamAccess, { teamId, data }: PreparedSchedule, limit: number): Promise<ScheduleRow> {
  // The limit holds under concurrent creates: the insert's trigger adds one to the team's count
  // row, which holds that row (SQLite's write lock, PostgreSQL's row lock) until this
  // transaction ends, so the next create in the same team counts after it; over the limit, the
  // insert is rolled back.
  const created = await tx.schedule.create({ data });
  const counts = await tx.scheduleCount.findUnique({ where: { teamId }, select: { total: true } });
  if (counts && counts.total > limit) throw overScheduleLimit(limit);
  await recordAudit(tx, access.actor, { teamId, action: "schedule.created", target: { type: "schedule", id: created.id, name: created.name } });
  return created;
}

/**
 * Creates a schedule in `input.teamId`, or in the caller's default team; needs the editor role
 * there. Through the driver when the client has a writer (lib/schedules/schedule-writes.ts: the
 * same row, audit row and limit as insertSchedule, at a fraction of the cost).
 */
export async function createSchedule(db: Db, access: TeamAccess, input: ScheduleCreate, now = appNow()): Promise<ScheduleOut> {
  const prepared = await prepareSchedule(db, access, input, now);
  const limit = scheduleLimit();
  const writer = writerOf(db);
  try {
    const row = writer ? await createScheduleRow(writer, access.actor, prepared, limit) : await db.$transaction((tx) => insertSchedule(tx, access, prepared, limit));
    return toScheduleOut(row);
  } catch (err) {
    nameTaken(err);
  }
}

// A bulk change (an import, an apply) may hold thousands of rows: more than the default 5 s of an interactive transaction.
export const BULK_TRANSACTION_MS = 60_000;

/**
 * Creates schedules prepared by prepareSchedule in one transaction, each with its audit row: all
 * or none (a taken name or the team's limit rolls every one back). In the order given.
 */
export async function createSchedules(db: Db, access: TeamAccess, prepared: PreparedSchedule[]): Promise<ScheduleOut[]> {
  if (prepared.length === 0) return [];
  const limit = scheduleLimit();
  try {
    const rows = await db.$transaction(
      async (tx) => {
        const out: ScheduleRow[] = [];
        for (const p of prepared) out.push(await insertSchedule(tx, access, p, limit));
        return out;
      },
      { timeout: BULK_TRANSACTION_MS, maxWait: BULK_TRANSACTION_MS },
    );
    return rows.map(toScheduleOut);
  } catch (err) {
    nameTaken(err);
  }
}

/**
 * Changes the given fields. nextRunAt is recomputed only when what decides it changes (the
 * expression, the zone, enabled): a past nextRunAt is how a worker that starts later knows a slot
 * was missed (misfire catch-up), and a rename must not erase it.
 */
export async function updateSchedule(db: Db, access: TeamAccess, id: string, input: ScheduleUpdate, now = appNow()): Promise<ScheduleOut> {
  await writeIfUnchanged(db, access, id, async (current) => {
    const { data, changes } = await prepareUpdate(db, access, current, input, now);
    return { data, audit: { action: "schedule.updated", changes } };
  }, now);
  return toScheduleOut(await findForRole(db, access, id, "viewer"));
}

/**
 * What an update makes of `current` (the caller's editor role there already checked): the data to
 * write and the audit row's changes, payloads as the API shows them. Checks the shell role, the
 * payload (a masked secret sent back keeps the saved one) and the alert channels; writes nothing.
 */
export async function prepareUpdate(
  db: Db,
  access: TeamAccess,
  current: ScheduleRow,
  input: ScheduleUpdate,
  now = appNow(),
): Promise<{ data: Prisma.ScheduleUpdateManyMutationInput; changes: Changes }> {
  const { payload: newPayload, alerts: newAlerts, ...rest } = input;
  requireShellRole(access, current.teamId, [current.entrypoint, rest.entrypoint ?? current.entrypoint]);
  const data: Prisma.ScheduleUpdateManyMutationInput = { ...rest };
  if (newAlerts !== undefined) {
    await checkAlertChannels(db, current.teamId, newAlerts);
    data.alerts = jsonOrDbNull(newAlerts);
    // Counted only while rules are set: turning them on or off starts the streak over.
    if (rulesRestartStreak(readAlertRules(current.alerts), newAlerts)) Object.assign(data, { failureStreak: 0, failureAlertedAt: null });
  }
  if (rest.name !== undefined) data.nameKey = nameKey(rest.name);
  const entrypoint = rest.entrypoint ?? current.entrypoint;
  if (newPayload !== undefined || entrypoint !== current.entrypoint) {
    data.payload = await checkedPayload(db, current.teamId, entrypoint, newPayload ?? current.payload, entrypoint === current.entrypoint ? current.payload : undefined);
  }
  const timing: Timing = {
    cronExpression: rest.cronExpression ?? current.cronExpression,
    timezone: rest.timezone ?? current.timezone,
    isEnabled: rest.isEnabled ?? current.isEnabled,
  };
  // A heartbeat check's nextRunAt is the oldest slot it waits a ping for (lib/heartbeats/slots.ts):
  // becoming one, or ceasing to be one, starts its slots afresh from now. Its ping key is set
  // exactly while it is one (a check made again gets a new key).
  const becomesHeartbeat = entrypoint === HEARTBEAT && current.entrypoint !== HEARTBEAT;
  const endsHeartbeat = entrypoint !== HEARTBEAT && current.entrypoint === HEARTBEAT;
  if (becomesHeartbeat) data.pingKey = newPingKey();
  if (endsHeartbeat) data.pingKey = null;
  if (!sameTiming(timing, current) || becomesHeartbeat || endsHeartbeat) data.nextRunAt = computeNextRunAt(timing, now);
  // Payloads as the API shows them: a secret's value never reaches the audit log. Alert rules
  // read back in their schema's key order (PostgreSQL's jsonb keeps its own).
  const shown = (row: Record<string, unknown> & { entrypoint: string }) => ({ ...row, payload: presentPayload(row.entrypoint, row.payload), alerts: readAlertRules(row.alerts) });
  const after = { ...current, ...rest, entrypoint, payload: data.payload ?? current.payload, alerts: newAlerts === undefined ? current.alerts : newAlerts };
  return { data, changes: changesOf(shown(current), shown(after), AUDITED_FIELDS) };
}

/**
 * Writes a prepared update with the transaction client `tx`, on condition that the schedule's
 * timing is still what `current` says (see writeIfUnchanged), with its audit row; false when it
 * was not (nothing written).
 */
export async function writeUpdate(tx: Prisma.TransactionClient, access: TeamAccess, current: ScheduleRow, data: Prisma.ScheduleUpdateManyMutationInput, changes: Changes, now = new Date()): Promise<boolean> {
  const { count } = await tx.schedule.updateMany({ where: { id: current.id, teamId: current.teamId, ...timingOf(current) }, data });
  if (count === 0) return false;
  if (stopsBeingCheck(current, data)) await endStartedRuns(tx, current.id, now);
  await recordAudit(tx, access.actor, { action: "schedule.updated", changes, teamId: current.teamId, target: { type: "schedule", id: current.id, name: typeof data.name === "string" ? data.name : current.name } });
  return true;
}

/** Whether `data` makes the heartbeat check `current` another job type (prepareUpdate clears its key then). */
const stopsBeingCheck = (current: ScheduleRow, data: Prisma.ScheduleUpdateManyMutationInput) => current.entrypoint === HEARTBEAT && data.pingKey === null;

/** Deletes `current` and writes its audit row with the transaction client `tx`; a 404 when it is already gone. */
export async function removeSchedule(tx: Prisma.TransactionClient, access: TeamAccess, current: Pick<ScheduleRow, "id" | "teamId" | "name">): Promise<void> {
  // The delete's trigger writes the tombstone workers' incremental sync reads, in this statement.
  const { count } = await tx.schedule.deleteMany({ where: { id: current.id, teamId: current.teamId } });
  if (count === 0) throw notFound(SCHEDULE_NOT_FOUND);
  await recordAudit(tx, access.actor, { teamId: current.teamId, action: "schedule.deleted", target: { type: "schedule", id: current.id, name: current.name } });
}

/**
 * Deletes a schedule of a team where the caller is at least an editor, with its audit row. Through
 * the driver when the client has a writer (lib/schedules/schedule-writes.ts): the delete names
 * those teams, and only when it deletes nothing is the schedule read, to answer 404 or 403.
 */
export async function deleteSchedule(db: Db, access: TeamAccess, id: string): Promise<void> {
  const writer = writerOf(db);
  if (!writer) {
    const current = await findForRole(db, access, id, "editor");
    await db.$transaction((tx) => removeSchedule(tx, access, current));
    return;
  }
  const editorOf = [...access.roles].filter(([, role]) => roleAtLeast(role, "editor")).map(([teamId]) => teamId);
  if (editorOf.length > 0 && (await deleteScheduleRow(writer, access.actor, id, editorOf))) return;
  withRole(access, await readSchedule(readerFor(db), id), "editor");
  // Readable and deletable now, though the delete found no such row: it was not there then.
  throw notFound(SCHEDULE_NOT_FOUND);
}

/** Sets isEnabled, or flips it when `isEnabled` is not given; setting it to what it is changes nothing. */
export async function toggleSchedule(db: Db, access: TeamAccess, id: string, isEnabled?: boolean, now = appNow()): Promise<ScheduleOut> {
  await writeIfUnchanged(db, access, id, async (current) => {
    const enabled = isEnabled ?? !current.isEnabled;
    if (enabled === current.isEnabled) return null;
    return {
      data: { isEnabled: enabled, nextRunAt: computeNextRunAt({ ...current, isEnabled: enabled }, now) },
      audit: { action: enabled ? "schedule.enabled" : "schedule.disabled" },
    };
  });
  return toScheduleOut(await findForRole(db, access, id, "viewer"));
}

/**
 * Gives a heartbeat check a new ping key: its old ping URL stops working at once (a 404). For
 * editors, like the check's other settings; the audit row names the schedule, never a key.
 */
export async function rotatePingKey(db: Db, access: TeamAccess, id: string): Promise<ScheduleOut> {
  const current = await findForRole(db, access, id, "editor");
  if (current.entrypoint !== HEARTBEAT) {
    throw new ApiError("conflict", `Only heartbeat checks have a ping URL; this schedule's job type is ${current.entrypoint}`, { entrypoint: `is ${current.entrypoint}, not ${HEARTBEAT}` });
  }
  await db.$transaction(async (tx) => {
    // Guarded by the job type: a change to another type meanwhile cleared the key, and keeps it so.
    const { count } = await tx.schedule.updateMany({ where: { id, entrypoint: HEARTBEAT }, data: { pingKey: newPingKey() } });
    if (count === 0) throw new ApiError("conflict", "The schedule stopped being a heartbeat check meanwhile; it has no ping URL");
    await recordAudit(tx, access.actor, { teamId: current.teamId, action: "schedule.ping_key_rotated", target: { type: "schedule", id, name: current.name } });
  });
  return toScheduleOut(await findForRole(db, access, id, "viewer"));
}
