// GET /api/v1/runs/{id}/output, handler by handler, on whichever database the calling file sets up:
// the JSON page, Server-Sent Events that follow a run while a worker's writes land and end with it,
// resuming after Last-Event-ID, and another team's run kept out. The worker's side is played by
// the same inserts it makes (lib/runs/output.ts); the real worker is in run-output.http.test.ts.
import { afterAll, beforeAll, expect, test } from "vitest";
import * as outputRoute from "../../app/api/v1/runs/[id]/output/route";
import type { Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { insertOutputQueries, type OutputChunk } from "../../lib/runs/output";
import { outputEvents } from "../../lib/runs/output-read";
import { queueManualRun } from "../../lib/runs/runs";
import { createSchedule } from "../../lib/schedules/schedules";
import { scheduleCreateSchema } from "../../lib/validation/schedules";
import { unique } from "../support/databases";
import { BASE, invoke, newUser, useDatabase } from "../support/handlers";
import { sseReader } from "../support/sse";
import { ownerAccess } from "../support/teams";

export function runOutputSuite(target: () => DbTarget) {
  let db: Db;
  let owner: { id: string; auth: string };
  let stranger: { id: string; auth: string };

  beforeAll(async () => {
    db = await useDatabase(target());
    owner = await newUser(db);
    stranger = await newUser(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  async function newRun() {
    const schedule = await createSchedule(db, ownerAccess(owner.id), scheduleCreateSchema.parse({ name: unique("output"), cronExpression: "0 0 1 1 *", isEnabled: false, payload: { message: "hi" } }));
    const run = await queueManualRun(db, ownerAccess(owner.id), schedule.id);
    await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
    return run.id;
  }

  let at = Date.UTC(2026, 11, 7, 9, 0, 0);
  const chunk = (runId: string, seq: number, stream: OutputChunk["stream"], text: string): OutputChunk => ({ runId, seq, stream, text, at: new Date((at += 1000)) });
  const write = (...chunks: OutputChunk[]) => db.$transaction(insertOutputQueries(db, chunks));
  /** What the recorder commits when the run ends: its status and its last chunks together. */
  const finish = (runId: string, ...chunks: OutputChunk[]) =>
    db.$transaction([db.run.update({ where: { id: runId }, data: { status: "succeeded", finishedAt: new Date() } }), ...insertOutputQueries(db, chunks)]);

  const url = (runId: string, query = "") => `/api/v1/runs/${runId}/output${query}`;
  const get = (runId: string, query = "", auth = owner.auth) => invoke(outputRoute.GET, "GET", url(runId, query), { auth, params: { id: runId } });
  async function events(runId: string, headers: Record<string, string> = {}, signal?: AbortSignal) {
    const request = new Request(BASE + url(runId), { headers: { authorization: owner.auth, accept: "text/event-stream", ...headers }, signal });
    const response = await outputRoute.GET(request, { params: Promise.resolve({ id: runId }) });
    return { response, sse: response.ok ? sseReader(response.body!) : (null as never) };
  }

  test("JSON: the chunks in order with their streams, the bytes dropped past the cap, paged with ?after", async () => {
    const runId = await newRun();
    await write(chunk(runId, 1, "stdout", "hello\n"), chunk(runId, 2, "stderr", "oops\n"));
    const running = await get(runId);
    expect(running.status).toBe(200);
    expect(running.json).toEqual({
      runId,
      status: "running",
      finished: false,
      chunks: [
        { seq: 1, stream: "stdout", text: "hello\n", at: expect.any(String) },
        { seq: 2, stream: "stderr", text: "oops\n", at: expect.any(String) },
      ],
      droppedBytes: 0,
      bytes: 11,
      nextAfter: null,
    });
    expect(new Date(running.json.chunks[0].at).getTime()).toBeLessThan(new Date(running.json.chunks[1].at).getTime());

    await finish(runId, chunk(runId, 3, "log", "done ✓\n"), chunk(runId, 4, "dropped", "4096"));
    const done = await get(runId);
    expect(done.json).toMatchObject({ status: "succeeded", finished: true, droppedBytes: 4096, bytes: 11 + 9, nextAfter: null });
    expect(done.json.chunks.map((c: { seq: number; stream: string }) => [c.seq, c.stream])).toEqual([
      [1, "stdout"],
      [2, "stderr"],
      [3, "log"],
    ]);

    const first = await get(runId, "?limit=2");
    expect(first.json.chunks.map((c: { seq: number }) => c.seq)).toEqual([1, 2]);
    expect(first.json).toMatchObject({ nextAfter: 2, droppedBytes: 4096 });
    const second = await get(runId, `?after=${first.json.nextAfter}&limit=2`);
    expect(second.json.chunks.map((c: { seq: number }) => c.seq)).toEqual([3]);
    expect(second.json).toMatchObject({ nextAfter: null, droppedBytes: 4096 });

    const bad = await get(runId, "?limit=0&after=-1");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(["after", "limit"]);
  });

  test("events: each chunk as it lands (id = seq), then `end` with the status once the run is finished", async () => {
    const runId = await newRun();
    await write(chunk(runId, 1, "stdout", "line 1\n"));
    const { response, sse } = await events(runId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toMatch(/no-cache/);

    const one = await sse.next();
    expect(one).toMatchObject({ id: "1", event: "output" });
    expect(JSON.parse(one!.data)).toEqual({ seq: 1, stream: "stdout", text: "line 1\n", at: expect.any(String) });

    await write(chunk(runId, 2, "stderr", "careful\n"));
    const two = await sse.next();
    expect(two).toMatchObject({ id: "2", event: "output" });
    expect(JSON.parse(two!.data)).toMatchObject({ stream: "stderr", text: "careful\n" });

    await finish(runId, chunk(runId, 3, "stdout", "line 2\n"), chunk(runId, 4, "dropped", "10"));
    const rest = await sse.rest(); // the stream closes after `end`
    expect(rest.map((e) => [e.id, e.event])).toEqual([
      ["3", "output"],
      [undefined, "end"],
    ]);
    expect(JSON.parse(rest[1].data)).toEqual({ status: "succeeded", droppedBytes: 10 });
  });

  test("events resume after Last-Event-ID; a bad one is a 400 naming it", async () => {
    const runId = await newRun();
    await write(chunk(runId, 1, "stdout", "a\n"), chunk(runId, 2, "stdout", "b\n"));
    await finish(runId, chunk(runId, 3, "log", "c\n"));
    const { sse } = await events(runId, { "last-event-id": "2" });
    const all = await sse.rest();
    expect(all.map((e) => [e.id, e.event])).toEqual([
      ["3", "output"],
      [undefined, "end"],
    ]);
    const { response } = await events(runId, { "last-event-id": "two" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { fields: Record<string, string> } }).error.fields["Last-Event-ID"]).toMatch(/number/);
  });

  test("a finished run with no output: just `end`", async () => {
    const runId = await newRun();
    await finish(runId);
    const { sse } = await events(runId);
    const all = await sse.rest();
    expect(all.map((e) => e.event)).toEqual(["end"]);
  });

  test("the stream stops when the client goes away", async () => {
    const runId = await newRun();
    const controller = new AbortController();
    const { sse } = await events(runId, {}, controller.signal);
    const started = Date.now();
    controller.abort();
    await expect(Promise.race([sse.next().catch(() => null), new Promise((r) => setTimeout(() => r("still open"), 3000))])).resolves.toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("a quiet stream gets a comment line every heartbeat, so proxies keep it open", async () => {
    const runId = await newRun();
    const controller = new AbortController();
    const reader = outputEvents(db, runId, 0, controller.signal, { pollMs: 20, heartbeatMs: 150 }).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const started = Date.now();
    while (!text.includes(": keep-alive\n\n") && Date.now() - started < 3000) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    controller.abort();
    expect(text).toContain(": keep-alive\n\n");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await reader.read()).done).toBe(true); // and it ends once the client has gone
  });

  test("another team's run is a 404, an unknown one too, as JSON even when events are asked for; no credentials: 401", async () => {
    const runId = await newRun();
    expect((await get(runId, "", stranger.auth)).status).toBe(404);
    expect((await get("no-such-run")).status).toBe(404);
    const asked = await outputRoute.GET(new Request(BASE + url(runId), { headers: { authorization: stranger.auth, accept: "text/event-stream" } }), { params: Promise.resolve({ id: runId }) });
    expect(asked.status).toBe(404);
    expect(asked.headers.get("content-type")).toMatch(/json/);
    expect(((await asked.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const anonymous = await outputRoute.GET(new Request(BASE + url(runId), { headers: { accept: "text/event-stream" } }), { params: Promise.resolve({ id: runId }) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toMatch(/json/);
  });
}
