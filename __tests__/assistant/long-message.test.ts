// One long message must not freeze the web process (issue 11, item 1). A "change" message is read
// as "<schedule> to <schedule>" at every "to / for / run", and each reading is looked up among the
// user's schedule names: before the fix every split was scored against every name, word by word,
// so twenty long many-worded names and one 2,000-character message blocked the event loop for
// seconds. Sent here through converse(), the function POST /api/v1/assistant calls, on both
// databases, with the event loop's longest stall measured while it is answered.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, expect, test } from "vitest";
import { converse } from "../../lib/assistant/conversation";
import { MAX_MESSAGE_LENGTH } from "../../lib/assistant/state";
import { createDb, type Db } from "../../lib/db/client";
import { migrate } from "../../lib/db/migrate";
import { createSchedule } from "../../lib/schedules/schedules";
import { NAME_MAX, scheduleCreateSchema } from "../../lib/validation/schedules";
import { eachDatabase, unique } from "../support/databases";
import { NOW } from "./cases";
import { attack, longName } from "./long-message-attack";
import { ownerAccess } from "../support/teams";

/** Runs `work` and reports its wall time and the event loop's longest stall meanwhile. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number; stallMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  histogram.disable();
  return { result, wallMs, stallMs: histogram.max / 1e6 };
}

eachDatabase((target) => {
  let db: Db;
  let userId: string;
  const names = Array.from({ length: 20 }, (_, k) => longName(k));

  beforeAll(async () => {
    await migrate(target());
    db = await createDb(target());
    const user = await db.user.create({ data: { email: `${unique("long")}@example.com`, passwordHash: "x" } });
    userId = user.id;
    for (const name of names) await createSchedule(db, ownerAccess(userId), scheduleCreateSchema.parse({ name, cronExpression: "0 3 * * *" }), NOW);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  const send = (message: string) => converse(db, userId, { message }, { now: NOW, llm: null });

  test("a 2,000-character change message among twenty long names answers within a second, the event loop never stalled", async () => {
    const message = attack();
    expect(message.length).toBeGreaterThan(MAX_MESSAGE_LENGTH - 20);
    expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
    expect(names.every((n) => n.length > NAME_MAX - 10 && n.split(" ").length > 40)).toBe(true);
    await send("list"); // the database connection is warm before the clock starts
    const { result, wallMs, stallMs } = await measured(() => send(message));
    expect(result.reply).toMatch(/Nothing was changed/);
    expect(result.actions).toEqual([]);
    expect(wallMs, "wall time of the whole message").toBeLessThan(1000);
    expect(stallMs, "longest event-loop stall").toBeLessThan(500);
    const rows = await db.schedule.findMany({ where: { teamId: userId } });
    expect(rows.every((r) => r.cronExpression === "0 3 * * *")).toBe(true);
  });

  test("a long name is still found: the whole 250-character name, and a few of its words", async () => {
    const whole = await send(`move ${names[3]} to 4am`);
    expect(whole.reply).toMatch(/^Changed "delta /);
    const row = await db.schedule.findFirstOrThrow({ where: { teamId: userId, name: names[3] } });
    expect(row.cronExpression).toBe("0 4 * * *");
    const words = names[5].split(" "); // "foxtrot" is its own; other names share the other words
    const few = await send(`change ${words[0]} ${words[1]} ${words[2]} to 5am`);
    expect(few.reply).toMatch(/^Changed "foxtrot /);
    expect((await db.schedule.findFirstOrThrow({ where: { teamId: userId, name: names[5] } })).cronExpression).toBe("0 5 * * *");
  });
});
