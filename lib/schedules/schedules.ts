// Schedules: the data access and the rules, shared by the REST API and the @cron assistant.
// Every query is scoped to its user inside the query itself, so another user's schedule is simply
// not found.
import { ApiError, isUniqueViolation, notFound, validationError } from "../api/errors";
import { decodeCursor, paginate } from "../api/pagination";
import { nextRun } from "../cron/next-runs";
import { providerOf, type Db, type Prisma } from "../db/client";
import { registerPayload } from "../entrypoints/registry";
import { env } from "../env";
import type { ScheduleCreate, ScheduleListOut, ScheduleListQuery, ScheduleOut, ScheduleUpdate } from "../validation/schedules";
import { toScheduleOut, type ScheduleRow } from "./serialize";

const SCHEDULE_NOT_FOUND = "No such schedule";

/** When the schedule fires next, or null while it is disabled. */
export function computeNextRunAt(s: { cronExpression: string; timezone: string; isEnabled: boolean }, now = new Date()): Date | null {
  return s.isEnabled ? nextRun(s.cronExpression, s.timezone, now) : null;
}

async function checkedPayload(entrypoint: string, payload: unknown, previous?: unknown): Promise<Prisma.InputJsonValue> {
  const result = await registerPayload(entrypoint, payload, previous, { allowPrivateNetwork: env().ALLOW_PRIVATE_NETWORK_TARGETS });
  if (!result.ok) throw validationError({ [result.field]: result.message });
  return result.payload as Prisma.InputJsonValue;
}

function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new ApiError("conflict", "A schedule with this name already exists", { name: "already used by another of your schedules" });
  throw err;
}

async function findOwned(db: Db, userId: string, id: string): Promise<ScheduleRow> {
  const row = await db.schedule.findFirst({ where: { id, userId } });
  if (!row) throw notFound(SCHEDULE_NOT_FOUND);
  return row;
}

export async function listSchedules(db: Db, userId: string, query: ScheduleListQuery): Promise<ScheduleListOut> {
  // The search alone: the counts are per state for it, whatever the enabled filter says.
  const matching: Prisma.ScheduleWhereInput = { userId };
  const q = query.q?.trim();
  if (q) {
    // SQLite's LIKE is case-insensitive for ASCII already; PostgreSQL needs ILIKE ("insensitive").
    const contains = (providerOf(db) === "postgresql" ? { contains: q, mode: "insensitive" } : { contains: q }) as Prisma.StringFilter;
    matching.OR = [{ name: contains }, { description: contains as Prisma.StringNullableFilter }];
  }
  const where: Prisma.ScheduleWhereInput = { ...matching };
  if (query.enabled) where.isEnabled = query.enabled === "true";
  if (query.cursor) where.name = { gt: decodeCursor(query.cursor, 1)[0] };
  const [rows, all, enabled] = await Promise.all([
    db.schedule.findMany({ where, orderBy: { name: "asc" }, take: query.limit + 1 }),
    db.schedule.count({ where: matching }),
    db.schedule.count({ where: { ...matching, isEnabled: true } }),
  ]);
  const { page, nextCursor } = paginate(rows, query.limit, (r) => [r.name]);
  return { items: page.map(toScheduleOut), nextCursor, counts: { all, enabled, disabled: all - enabled } };
}

export async function getSchedule(db: Db, userId: string, id: string): Promise<ScheduleOut> {
  return toScheduleOut(await findOwned(db, userId, id));
}

export async function createSchedule(db: Db, userId: string, input: ScheduleCreate, now = new Date()): Promise<ScheduleOut> {
  const limit = env().MAX_SCHEDULES_PER_USER;
  const limitReached = () => new ApiError("conflict", `You have reached the limit of ${limit} schedules; delete some or ask the operator to raise MAX_SCHEDULES_PER_USER`);
  if ((await db.schedule.count({ where: { userId } })) >= limit) throw limitReached(); // the common case, without a transaction
  // A log job needs a message: by default, the schedule's name.
  const rawPayload = input.payload ?? (input.entrypoint === "log" ? { message: input.name } : {});
  const payload = await checkedPayload(input.entrypoint, rawPayload);
  const { payload: _ignored, ...rest } = input;
  try {
    // The limit holds under concurrent creates: the row is written first (on SQLite that takes the
    // write lock, so creates run one at a time), PostgreSQL serializes one user's creates with an
    // advisory lock, and a count over the limit rolls the insert back.
    const row = await db.$transaction(async (tx) => {
      if (providerOf(db) === "postgresql") await tx.$queryRawUnsafe("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))::text", `schedule-limit:${userId}`);
      const created = await tx.schedule.create({
        data: { ...rest, description: input.description ?? null, payload, userId, nextRunAt: computeNextRunAt(input, now) },
      });
      if ((await tx.schedule.count({ where: { userId } })) > limit) throw limitReached();
      return created;
    });
    return toScheduleOut(row);
  } catch (err) {
    nameTaken(err);
  }
}

export async function updateSchedule(db: Db, userId: string, id: string, input: ScheduleUpdate, now = new Date()): Promise<ScheduleOut> {
  const current = await findOwned(db, userId, id);
  const { payload: newPayload, ...rest } = input;
  const data: Prisma.ScheduleUpdateInput = { ...rest };
  const entrypoint = input.entrypoint ?? current.entrypoint;
  if (newPayload !== undefined || entrypoint !== current.entrypoint) {
    data.payload = await checkedPayload(entrypoint, newPayload ?? current.payload, entrypoint === current.entrypoint ? current.payload : undefined);
  }
  const merged = { ...current, ...rest };
  data.nextRunAt = computeNextRunAt(merged, now);
  try {
    const { count } = await db.schedule.updateMany({ where: { id, userId }, data: data as Prisma.ScheduleUpdateManyMutationInput });
    if (count === 0) throw notFound(SCHEDULE_NOT_FOUND); // deleted meanwhile
  } catch (err) {
    nameTaken(err);
  }
  return getSchedule(db, userId, id);
}

export async function deleteSchedule(db: Db, userId: string, id: string): Promise<void> {
  const { count } = await db.schedule.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound(SCHEDULE_NOT_FOUND);
  // Workers see deletes through tombstones in their incremental sync (their periodic full
  // reconcile catches anything missed, such as a user's schedules going with the user).
  await db.scheduleTombstone.upsert({ where: { scheduleId: id }, create: { scheduleId: id }, update: { deletedAt: new Date() } });
}

/** Sets isEnabled, or flips it when `isEnabled` is not given. */
export async function toggleSchedule(db: Db, userId: string, id: string, isEnabled?: boolean, now = new Date()): Promise<ScheduleOut> {
  const current = await findOwned(db, userId, id);
  const enabled = isEnabled ?? !current.isEnabled;
  const { count } = await db.schedule.updateMany({
    where: { id, userId },
    data: { isEnabled: enabled, nextRunAt: computeNextRunAt({ ...current, isEnabled: enabled }, now) },
  });
  if (count === 0) throw notFound(SCHEDULE_NOT_FOUND);
  return getSchedule(db, userId, id);
}
