// The fence between a slot's start and a peer's reap (lib/workers/heartbeat.ts, store.reap): a
// worker starts the runs it claimed ahead for a slot with one write (startedThrough), and a peer
// that takes it for dead hands its unstarted runs to others. Of the two, exactly one may take
// effect for a slot, in either order and when they race; otherwise a run executes twice.
//
// The database is shared with other test files' workers: the "silent" worker here beat just now
// (so theirs leave it alone) and is reaped with a stale limit in the future; its slots are an hour
// ahead and its schedules disabled, so no other worker takes a run handed back here.
import { afterAll, beforeAll, expect, test } from "vitest";
import { eachDatabase, unique } from "../../__tests__/support/databases";
import { createDb, type Db } from "../db/client";
import { markStartedThrough, register } from "../workers/heartbeat";
import { createStore } from "./store";

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

eachDatabase((target) => {
  // Two clients: the worker's and its peer's, on connections of their own (they really race).
  let worker: Db;
  let peer: Db;
  let userId: string;
  beforeAll(async () => {
    worker = await createDb(target());
    peer = await createDb(target());
    userId = (await worker.user.create({ data: { email: `${unique("fence")}@example.com`, passwordHash: "x" } })).id;
  });
  afterAll(async () => {
    await worker.$disconnect();
    await peer.$disconnect();
  });

  /** A registered worker holding one run claimed ahead (not started) for each of `slots`. */
  async function claimedAhead(slots: number[]) {
    const workerId = unique("silent");
    const epoch = new Date(Math.floor(Date.now() / 1000) * 1000);
    await register(worker, workerId, epoch);
    const schedule = await worker.schedule.create({ data: { teamId: userId, name: unique("s"), cronExpression: "* * * * *", timezone: "UTC", isEnabled: false, payload: {} } });
    const runs = [];
    for (const slot of slots) {
      runs.push(await worker.run.create({ data: { scheduleId: schedule.id, trigger: "schedule", scheduledFor: new Date(slot), status: "running", workerId, runAfter: new Date(slot) } }));
    }
    return { workerId, epoch, runIds: runs.map((r) => r.id) };
  }

  const reap = (workerId: string) => createStore(peer, "peer").reap(workerId, new Date(Date.now() + HOUR), new Date());
  const stateOf = async (id: string) => {
    const r = await worker.run.findUniqueOrThrow({ where: { id } });
    return [r.status, r.workerId];
  };

  test("a slot marked started before the reap stays with its worker; after the reap its start is refused and the run is handed back", async () => {
    const slot = Date.now() + HOUR;
    const first = await claimedAhead([slot]);
    expect(await markStartedThrough(worker, first.workerId, first.epoch, new Date(slot))).toBe(true);
    expect(await reap(first.workerId)).toEqual({ released: 0 });
    expect(await stateOf(first.runIds[0])).toEqual(["running", first.workerId]); // started: its worker runs it (or it is marked lost)

    const second = await claimedAhead([slot]);
    expect(await reap(second.workerId)).toEqual({ released: 1 });
    expect(await markStartedThrough(worker, second.workerId, second.epoch, new Date(slot))).toBe(false);
    expect(await stateOf(second.runIds[0])).toEqual(["queued", null]);
    // Its row says so: the worker's next beat finds it reaped too.
    expect((await worker.workerHeartbeat.findUniqueOrThrow({ where: { id: second.workerId } })).reapedAt).not.toBeNull();
  });

  test("racing, the reap and the slot's start never both take effect (60 races)", async () => {
    const outcomes = { started: 0, reaped: 0 };
    for (let i = 0; i < 60; i++) {
      const slot = Date.now() + HOUR;
      const w = await claimedAhead([slot]);
      // Either may set out first, by up to a few ms: both orders, and overlaps, are tried.
      const lead = (i % 7) * 0.75;
      const [marked, reaped] = await Promise.all([
        sleep(i % 2 ? lead : 0).then(() => markStartedThrough(worker, w.workerId, w.epoch, new Date(slot))),
        sleep(i % 2 ? 0 : lead).then(() => reap(w.workerId)),
      ]);
      const [status] = await stateOf(w.runIds[0]);
      // Exactly one: started here, or handed back to the queue (never both, never neither).
      expect({ marked, handedBack: status === "queued" }).toEqual({ marked: !(status === "queued"), handedBack: status === "queued" });
      if (marked) {
        outcomes.started++;
        expect(reaped?.released ?? 0).toBe(0);
      } else {
        outcomes.reaped++;
        expect(reaped).toEqual({ released: 1 });
      }
    }
    expect(outcomes.started + outcomes.reaped).toBe(60);
  });

  test("a reap hands back only the slots after the one marked started; a restart with the same id does the same", async () => {
    const t = Date.now() + HOUR;
    const w = await claimedAhead([t, t + 60_000, t + 120_000]);
    expect(await markStartedThrough(worker, w.workerId, w.epoch, new Date(t))).toBe(true);
    expect(await reap(w.workerId)).toEqual({ released: 2 });
    expect(await Promise.all(w.runIds.map(stateOf))).toEqual([
      ["running", w.workerId], // started: left for markLost
      ["queued", null],
      ["queued", null],
    ]);

    const again = await claimedAhead([t, t + 60_000]);
    expect(await markStartedThrough(worker, again.workerId, again.epoch, new Date(t))).toBe(true);
    const recovered = await createStore(worker, again.workerId).recoverOwn(new Date());
    expect(recovered).toEqual({ lost: 1, released: 1 });
    expect((await Promise.all(again.runIds.map(stateOf))).map(([status]) => status)).toEqual(["lost", "queued"]);
  });

  test("the unstarted claims of a worker whose heartbeat row is gone are all handed back", async () => {
    const t = Date.now() + HOUR;
    const w = await claimedAhead([t, t + 60_000]);
    await worker.workerHeartbeat.delete({ where: { id: w.workerId } });
    expect(await reap(w.workerId)).toEqual({ released: 2 });
  });

  test("a start from an earlier process (another epoch) of the same worker id is refused", async () => {
    const slot = Date.now() + HOUR;
    const w = await claimedAhead([slot]);
    await register(worker, w.workerId, new Date(w.epoch.getTime() + 1000));
    expect(await markStartedThrough(worker, w.workerId, w.epoch, new Date(slot))).toBe(false);
  });
});
