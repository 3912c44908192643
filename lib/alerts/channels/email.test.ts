import { createServer, type AddressInfo, type Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { failedPayload } from "../../../__tests__/support/alerts";
import { parseChannelConfig } from "./config";
import { defaultFrom } from "./email";
import { sendToChannel } from "./send";

type Mail = { from: string; to: string[]; raw: string };

const mails: Mail[] = [];
let smtpUrl = "";
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      // Recipients that make the server answer as real ones do: 550 (no such user), 451 (try later).
      if (address.address.startsWith("nobody@")) return callback(Object.assign(new Error("5.1.1 No such user"), { responseCode: 550 }));
      if (address.address.startsWith("busy@")) return callback(Object.assign(new Error("4.3.2 Try again later"), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const envelope = session.envelope;
        mails.push({ from: envelope.mailFrom ? envelope.mailFrom.address : "", to: envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const emailChannel = (to: string[]) => ({ id: "ch_mail", type: "email" as const, config: parseChannelConfig("email", { to }, undefined, { smtpUrl }), secret: null });

/** A header's value, unfolded, its RFC 2047 encoded words (which nodemailer may use for any subject) decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split("\r\n\r\n")[0].replace(/\r\n[ \t]+/g, " ");
  const value = new RegExp(`^${name}: (.*)$`, "im").exec(head)?.[1];
  return value
    ?.replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8"),
    );
}

test("an alert is mailed with the rendered subject, to every address, with text and HTML parts", async () => {
  const result = await sendToChannel(emailChannel(["ops@example.com", "dev@example.com"]), failedPayload(), { smtpUrl, smtpFrom: "Almanac <alerts@example.com>" });
  expect(result).toMatchObject({ ok: true, status: null });
  const mail = mails.at(-1)!;
  expect(mail.from).toBe("alerts@example.com");
  expect(mail.to).toEqual(["ops@example.com", "dev@example.com"]);
  expect(header(mail.raw, "Subject")).toBe('[Almanac] "nightly-backup" failed 3 times in a row');
  expect(header(mail.raw, "To")).toBe("ops@example.com, dev@example.com");
  expect(header(mail.raw, "From")).toBe("Almanac <alerts@example.com>");
  expect(header(mail.raw, "Content-Type")).toMatch(/^multipart\/alternative;/);
  expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/);
  expect(mail.raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
  expect(mail.raw).toContain("https://cron.example.com/schedules/sch_1");
});

test("the From defaults to the SMTP login when it is an address", () => {
  expect(defaultFrom("smtps://alerts%40example.com:pw@mail.example.com")).toBe("Almanac <alerts@example.com>");
  expect(defaultFrom("smtp://apikey:pw@mail.example.com")).toBe("Almanac <almanac@localhost>");
});

test("a 5xx from the mail server is permanent, a 4xx retryable", async () => {
  const rejected = await sendToChannel(emailChannel(["nobody@example.com"]), failedPayload(), { smtpUrl, smtpFrom: "a@example.com" });
  expect(rejected).toMatchObject({ ok: false, retryable: false, status: 550 });
  expect(rejected.ok === false && rejected.error).toMatch(/^the mail server 127\.0\.0\.1:\d+ answered 550 5\.1\.1 No such user/);
  const later = await sendToChannel(emailChannel(["busy@example.com"]), failedPayload(), { smtpUrl, smtpFrom: "a@example.com" });
  expect(later).toMatchObject({ ok: false, retryable: true, status: 451 });
});

test("a refused login is permanent, and the error does not show the SMTP URL's password", async () => {
  const url = smtpUrl.replace("smtp://", "smtp://user:hunter2@");
  const result = await sendToChannel(emailChannel(["ops@example.com"]), failedPayload(), { smtpUrl: url, smtpFrom: "a@example.com" });
  expect(result).toMatchObject({ ok: false, retryable: false, status: 535 });
  expect(JSON.stringify(result)).not.toContain("hunter2");
});

test("a mail server that cannot be reached is retryable", async () => {
  const closed = new SMTPServer({ logger: false });
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const result = await sendToChannel(emailChannel(["ops@example.com"]), failedPayload(), { smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: "a@example.com" });
  expect(result).toMatchObject({ ok: false, retryable: true, status: null });
  expect(result.ok === false && result.error).toMatch(new RegExp(`^sending through the mail server 127\\.0\\.0\\.1:${port} failed: .*ECONNREFUSED`));
});

test("a mail server that never greets times out, retryably", async () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const port = (silent.address() as AddressInfo).port;
  try {
    const result = await sendToChannel(emailChannel(["ops@example.com"]), failedPayload(), { smtpUrl: `smtp://127.0.0.1:${port}`, smtpFrom: "a@example.com", timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, retryable: true, status: null });
    expect(result.ok === false && result.error).toMatch(/timed out after 300 ms|Greeting never received/);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});

test("without SMTP_URL an email channel cannot send, and says so", async () => {
  const result = await sendToChannel(emailChannel(["ops@example.com"]), failedPayload(), { smtpUrl: undefined });
  expect(result).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/SMTP_URL/) });
});
