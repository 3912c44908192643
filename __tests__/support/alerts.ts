// Alert payloads and a real HTTP receiver on 127.0.0.1, for the channel tests.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AlertPayload } from "../../lib/alerts/payload";

export function failedPayload(overrides: Partial<AlertPayload> = {}): AlertPayload {
  return {
    type: "run.failed",
    id: "msg_2bX9failed",
    at: "2026-12-06T02:00:07.000Z",
    team: { id: "team_1", name: "Ops" },
    schedule: { id: "sch_1", name: "nightly-backup", cronExpression: "0 3 * * *", timezone: "Europe/Berlin", url: "https://cron.example.com/schedules/sch_1" },
    run: {
      id: "run_1",
      status: "failed",
      attempt: 2,
      scheduledFor: "2026-12-06T02:00:00.000Z",
      startedAt: "2026-12-06T02:00:00.100Z",
      finishedAt: "2026-12-06T02:00:12.400Z",
      durationMs: 12_300,
      error: { name: "HttpStatusError", message: "expected 2xx, got 503" },
    },
    consecutiveFailures: 3,
    ...overrides,
  };
}

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

/**
 * A receiver that records every request and answers with `answer` (default 200 "ok"). `url` is
 * its address; close() ends it and any request still open.
 */
export async function startReceiver(answer: (req: Received, res: ServerResponse) => void = (_, res) => res.end("ok")) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
