// The API's single create and delete go through the driver (lib/schedules/schedule-writes.ts), not
// a Prisma interactive transaction. They must write what the Prisma path writes (the row as Prisma
// stores it and reads it back, the audit row), keep the team's limit under concurrent creates,
// write nothing when they fail midway, and answer 404 and 403 as before, on both databases.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ApiError } from "../../lib/api/errors";
import { createDb, Prisma, readerOf, writerOf, type Db } from "../../lib/db/client";
import type { Writer } from "../../lib/db/writer";
import { readSchedule } from "../../lib/schedules/schedule-reads";
import { createScheduleRow, deleteScheduleRow } from "../../lib/schedules/schedule-writes";
import { createSchedule, deleteSchedule, insertSchedule, prepareSchedule, removeSchedule, type PreparedSchedule } from "../../lib/schedules/schedules";
import { toScheduleOut, type StoredSchedule } from "../../lib/schedules/serialize";
import type { TeamAccess } from "../../lib/teams/access";
import type { TeamRole } from "../../lib/teams/roles";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { eachDatabase, unique } from "../support/databases";
import { storedForm } from "../support/schedules";
import { ownerAccess } from "../support/teams";

/** What differs between two creates of the same input, necessarily: ids, names, instants of writing. */
const comparable = (row: StoredSchedule) => ({ ...row, id: "-", name: "-", nameKey: "-", pingKey: row.pingKey === null ? null : "-", createdAt: "-", updatedAt: "-" });

const INPUTS: Record<string, unknown>[] = [
  { cronExpression: "0 0 1 1 *" },
  { cronExpression: "*/5 * * * *", timezone: "Europe/Paris", description: "with a description", isEnabled: false, overlapPolicy: "allow", maxRetries: 2 },
  { cronExpression: "0 0 1 1 *", entrypoint: "http", payload: { url: "https://example.com/hook", method: "POST", headers: { "x-a": "1" }, body: "é 日 \" \\" } },
  { cronExpression: "0 * * * *", entrypoint: "heartbeat", payload: {} },
];

eachDatabase((target) => {
  let db: Db;
  let writer: Writer;
  beforeAll(async () => {
    db = await createDb(target());
    writer = writerOf(db)!;
  });
  afterAll(async () => {
    await db.$disconnect();
  });

  const newUser = () => db.user.create({ data: { email: `${unique("writes")}@example.com`, passwordHash: "x" } });
  const prepare = async (access: TeamAccess, input: Record<string, unknown>, name = unique("w")) =>
    prepareSchedule(db, access, scheduleCreateSchema.parse({ name, ...input }), new Date("2026-06-01T12:00:00.123Z"));
  const auditOf = (targetId: string) => db.auditEvent.findMany({ where: { targetId }, orderBy: { at: "asc" } });
  const auditComparable = (rows: Awaited<ReturnType<typeof auditOf>>) => rows.map((r) => ({ ...r, id: "-", at: "-", targetId: "-", targetName: "-" }));

  test("a create writes the row and audit row the Prisma path writes; Prisma and the reader read it back as returned", async () => {
    const user = await newUser();
    const access = ownerAccess(user.id);
    // Alert rules as JSON and as none (SQL NULL), beside each job type's payload.
    const variants: ((p: PreparedSchedule) => PreparedSchedule)[] = [
      (p) => p,
      (p) => ({ ...p, data: { ...p.data, alerts: { channelIds: [], afterConsecutiveFailures: 2, onRecovery: true, onMissed: false, runLongerThanSeconds: null } as Prisma.InputJsonValue } }),
      (p) => ({ ...p, data: { ...p.data, alerts: Prisma.DbNull } }),
    ];
    for (const input of INPUTS) {
      for (const variant of variants) {
        const prepared = variant(await prepare(access, input));
        const same = { ...prepared, data: { ...prepared.data, name: unique("p"), nameKey: unique("p"), pingKey: prepared.data.pingKey ? unique("k") : null } };
        const prismaRow = await db.$transaction((tx) => insertSchedule(tx, access, same, 1000));
        const before = Date.now();
        const driverRow = await createScheduleRow(writer, access.actor, prepared, 1000);
        // Returned as Prisma returns a create (instants as ISO text), and as the API shows it.
        expect(comparable(driverRow)).toEqual(comparable(storedForm(prismaRow)));
        expect(driverRow.createdAt).toEqual(driverRow.updatedAt);
        expect(Date.parse(driverRow.createdAt)).toBeGreaterThanOrEqual(before - 1);
        expect(driverRow.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(driverRow.name).toBe(prepared.data.name);
        // Read back by Prisma and by the driver's reader: the row returned, field for field.
        expect(storedForm((await db.schedule.findUnique({ where: { id: driverRow.id } }))!)).toEqual(driverRow);
        expect(await readSchedule(readerOf(db)!, driverRow.id)).toEqual(driverRow);
        expect(JSON.stringify(toScheduleOut(driverRow))).toBe(JSON.stringify(toScheduleOut((await db.schedule.findUnique({ where: { id: driverRow.id } }))!)));
        // Stored as Prisma stores it: the same types and forms of text in the columns.
        if (target().provider === "sqlite") {
          const raw = (id: string) =>
            db.$queryRawUnsafe<Record<string, unknown>[]>(
              `SELECT typeof("payload") AS tp, "payload", typeof("alerts") AS ta, "alerts", typeof("isEnabled") AS te, "isEnabled", typeof("nextRunAt") AS tn, "nextRunAt", typeof("createdAt") AS tc, length("createdAt") AS lc, typeof("timeoutSeconds") AS tt FROM "Schedule" WHERE "id" = ?`,
              id,
            );
          expect(await raw(driverRow.id)).toEqual(await raw(prismaRow.id));
        }
        // The audit rows: the same but for their ids, instants and target.
        const [driverAudit, prismaAudit] = [await auditOf(driverRow.id), await auditOf(prismaRow.id)];
        expect(driverAudit).toHaveLength(1);
        expect(driverAudit[0]).toMatchObject({ teamId: user.id, action: "schedule.created", targetType: "schedule", targetName: driverRow.name, actorType: "user", actorId: user.id, changes: null });
        expect(auditComparable(driverAudit)).toEqual(auditComparable(prismaAudit));
      }
    }
  });

  test("a delete removes the row as the Prisma path does (tombstone, count, runs) with the same audit row", async () => {
    const user = await newUser();
    const access = ownerAccess(user.id);
    const [a, b] = [await prepare(access, INPUTS[0]), await prepare(access, INPUTS[0])];
    const viaDriver = await createScheduleRow(writer, access.actor, a, 1000);
    const viaPrisma = await createScheduleRow(writer, access.actor, b, 1000);
    for (const s of [viaDriver, viaPrisma]) await db.run.create({ data: { scheduleId: s.id, trigger: "manual", scheduledFor: new Date(), status: "succeeded" } });
    const countBefore = await db.scheduleCount.findUnique({ where: { teamId: user.id } });
    expect(countBefore?.total).toBe(2);

    expect(await deleteScheduleRow(writer, access.actor, viaDriver.id, [user.id])).toEqual({ teamId: user.id, name: viaDriver.name });
    await db.$transaction((tx) => removeSchedule(tx, access, viaPrisma));

    expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(0);
    expect((await db.scheduleCount.findUnique({ where: { teamId: user.id } }))?.total).toBe(0);
    for (const s of [viaDriver, viaPrisma]) {
      // The delete's triggers and cascades: a tombstone for the workers, the runs gone with it.
      expect(await db.scheduleTombstone.findUnique({ where: { scheduleId: s.id } })).not.toBeNull();
      expect(await db.run.count({ where: { scheduleId: s.id } })).toBe(0);
    }
    const driverAudit = (await auditOf(viaDriver.id)).filter((r) => r.action === "schedule.deleted");
    const prismaAudit = (await auditOf(viaPrisma.id)).filter((r) => r.action === "schedule.deleted");
    expect(driverAudit).toHaveLength(1);
    expect(driverAudit[0]).toMatchObject({ teamId: user.id, targetName: viaDriver.name, actorId: user.id });
    expect(auditComparable(driverAudit)).toEqual(auditComparable(prismaAudit));
  });

  test("deleteSchedule: a 403 naming the role for a viewer, a 404 for another team's or a missing one; an editor deletes", async () => {
    const [owner, member, stranger] = [await newUser(), await newUser(), await newUser()];
    const created = await createSchedule(db, ownerAccess(owner.id), scheduleCreateSchema.parse({ name: unique("del"), cronExpression: "0 0 1 1 *" }));
    const as = (userId: string, role: TeamRole): TeamAccess => ({ ...ownerAccess(userId), roles: new Map([[userId, "owner"], [owner.id, role]]) });
    const refused = (p: Promise<unknown>) => p.then(() => expect.unreachable("the delete should be refused"), (e: ApiError) => [e.code, e.message]);

    const [code, message] = await refused(deleteSchedule(db, as(member.id, "viewer"), created.id));
    expect(code).toBe("forbidden");
    expect(message).toMatch(/viewer/);
    expect(await refused(deleteSchedule(db, ownerAccess(stranger.id), created.id))).toEqual(["not_found", "No such schedule"]);
    expect(await refused(deleteSchedule(db, as(member.id, "editor"), "no-such-id"))).toEqual(["not_found", "No such schedule"]);
    expect(await db.schedule.count({ where: { id: created.id } })).toBe(1);
    expect((await auditOf(created.id)).map((r) => r.action)).toEqual(["schedule.created"]);

    await deleteSchedule(db, as(member.id, "editor"), created.id);
    expect(await db.schedule.count({ where: { id: created.id } })).toBe(0);
    expect((await auditOf(created.id)).map((r) => [r.action, r.actorId])).toEqual([
      ["schedule.created", owner.id],
      ["schedule.deleted", member.id],
    ]);
    // Deleted already: a 404.
    expect(await refused(deleteSchedule(db, as(member.id, "editor"), created.id))).toEqual(["not_found", "No such schedule"]);
  });

  test("a taken name is the 409 that says so, and writes nothing", async () => {
    const user = await newUser();
    const name = unique("taken");
    await createSchedule(db, ownerAccess(user.id), scheduleCreateSchema.parse({ name, cronExpression: "0 0 1 1 *" }));
    const err = (await createSchedule(db, ownerAccess(user.id), scheduleCreateSchema.parse({ name, cronExpression: "0 0 1 1 *" })).catch((e) => e)) as ApiError;
    expect([err.code, err.message]).toEqual(["conflict", "A schedule with this name already exists in this team"]);
    expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(1);
  });

  test("a failure after the insert (the audit row refused) leaves neither row; a failed delete keeps the schedule", async () => {
    const user = await newUser();
    const access = ownerAccess(user.id);
    // actorType is NOT NULL: the audit insert fails after the schedule's insert succeeded.
    const badActor = { type: null, id: user.id, email: null } as unknown as TeamAccess["actor"];
    const prepared = await prepare(access, INPUTS[0]);
    await expect(createScheduleRow(writer, badActor, prepared, 1000)).rejects.toThrow();
    expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(0);
    expect((await db.scheduleCount.findUnique({ where: { teamId: user.id } }))?.total ?? 0).toBe(0);

    const kept = await createScheduleRow(writer, access.actor, prepared, 1000);
    await expect(deleteScheduleRow(writer, badActor, kept.id, [user.id])).rejects.toThrow();
    expect(storedForm((await db.schedule.findUnique({ where: { id: kept.id } }))!)).toEqual(kept);
    expect(await db.scheduleTombstone.findUnique({ where: { scheduleId: kept.id } })).toBeNull();
    expect((await db.scheduleCount.findUnique({ where: { teamId: user.id } }))?.total).toBe(1);
    // And the writer's connection is fine afterwards.
    expect(await deleteScheduleRow(writer, access.actor, kept.id, [user.id])).toEqual({ teamId: user.id, name: kept.name });
  });

  test("a create waits for a Prisma transaction of the same process that holds the write lock across an await, without blocking it", async () => {
    const user = await newUser();
    const access = ownerAccess(user.id);
    const [first, second] = [await prepare(access, INPUTS[0]), await prepare(access, INPUTS[0])];
    let driverDone = 0;
    const prismaTx = db.$transaction(async (tx) => {
      await insertSchedule(tx, access, first, 1000); // holds SQLite's write lock from here to the commit
      await new Promise((resolve) => setTimeout(resolve, 300));
      return Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const created = await createScheduleRow(writer, access.actor, second, 1000).then((row) => ((driverDone = Date.now()), row));
    const prismaDone = await prismaTx;
    // Done within the lock's hold, not after a busy timeout (5 s) that stalled both.
    expect(driverDone - started).toBeLessThan(2000);
    if (target().provider === "sqlite") expect(driverDone).toBeGreaterThanOrEqual(prismaDone);
    expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(2);
    expect(storedForm((await db.schedule.findUnique({ where: { id: created.id } }))!)).toEqual(created);
  });

  describe("the team's limit under concurrent creates", () => {
    test("twelve at once at a limit of four, half through the driver and half through Prisma: four made, eight refused", async () => {
      const user = await newUser();
      const access = ownerAccess(user.id);
      const prepared = await Promise.all(Array.from({ length: 12 }, (_, i) => prepare(access, INPUTS[0], `racer ${i}`)));
      const results = await Promise.allSettled(
        prepared.map((p, i) => (i % 2 === 0 ? createScheduleRow(writer, access.actor, p, 4) : db.$transaction((tx) => insertSchedule(tx, access, p, 4)))),
      );
      const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as ApiError);
      expect(refused.map((e) => [e.code, /limit of 4 schedules/.test(e.message)])).toEqual(Array(8).fill(["conflict", true]));
      expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(4);
      expect((await db.scheduleCount.findUnique({ where: { teamId: user.id } }))?.total).toBe(4);
      expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(4);
    });

    test("through two clients of their own (two processes' worth of connections): never past the limit", async () => {
      const other = await createDb(target());
      try {
        const user = await newUser();
        const access = ownerAccess(user.id);
        const prepared = await Promise.all(Array.from({ length: 10 }, (_, i) => prepare(access, INPUTS[0], `racer ${i}`)));
        const results = await Promise.allSettled(prepared.map((p, i) => createScheduleRow(i % 2 === 0 ? writer : writerOf(other)!, access.actor, p, 3)));
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
        expect(await db.schedule.count({ where: { teamId: user.id } })).toBe(3);
        expect(await db.auditEvent.count({ where: { teamId: user.id } })).toBe(3);
      } finally {
        await other.$disconnect();
      }
    });
  });
});
