// Alert payloads and a real HTTP receiver on 127.0.0.1, for the channel tests.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { AlertPayload } from "../../lib/alerts/payload";
import { createChannel } from "../../lib/alerts/team-channels";
import type { Db } from "../../lib/db/client";
import type { TeamAccess } from "../../lib/teams/access";

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

/** The webhooks a receiver got, each verified with the channel's `secret` by an independent Standard Webhooks implementation. */
export function verifiedWebhooks(received: readonly Received[], secret: string): AlertPayload[] {
  const wh = new Webhook(secret);
  return received.map((r) => wh.verify(r.body, r.headers as Record<string, string>) as AlertPayload);
}

/** A webhook channel of the caller's team to `url` (a receiver's), with its signing secret. */
export async function webhookChannel(db: Db, access: TeamAccess, teamId: string, url: string): Promise<{ id: string; secret: string }> {
  const created = await createChannel(db, access, teamId, { name: `hook-${Math.random().toString(36).slice(2, 6)}`, type: "webhook", config: { url } });
  return { id: created.id, secret: created.secret! };
}

export type Mail = { from: string; to: string[]; raw: string };

/** A real SMTP server on 127.0.0.1 (no TLS, no login needed) that keeps every message it accepts. */
export async function startSmtpServer() {
  const { SMTPServer } = await import("smtp-server");
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A message's Subject as a reader sees it: header lines unfolded, RFC 2047 encoded words decoded. */
export function subjectOf(raw: string): string {
  const header = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const line = /^Subject: (.*)$/m.exec(header)?.[1] ?? "";
  return line
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?(.*?)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m: string, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}
