// The sender: claims due deliveries from the outbox, sends each to its channel, and records every
// attempt. Workers run one, and so does the web process (someone must send worker.down when no
// worker runs). A claim is a lease (claimedBy, claimedUntil) taken by one conditional statement,
// so two senders never hold the same delivery; a sender that dies leaves its claims to the next
// after the lease, so a crash between claim and send means a later send, never a lost alert (and
// a crash after the send but before its record means a second send with the same webhook-id,
// which receivers deduplicate).
import type { Db } from "../db/client";
import { providerOf } from "../db/client";
import type { Logger } from "../log";
import { sendToChannel, type DeliveryResult } from "./channels/send";
import type { ChannelType } from "./channels/config";
import type { AlertPayload, AlertType } from "./payload";
import { onAlertsWritten } from "./wake";

/** How long a claim holds a delivery: well past a send's timeout. */
export const LEASE_MS = 60_000;
/** Retries stop this long after the event was written. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 3_600_000;
const CLAIM_BATCH = 200;
const POLL_MS = 1000;
/** Sends in flight per sender. */
const CONCURRENCY = 32;
const ERROR_MAX = 1000;

/** When a failed attempt is tried again: the receiver's Retry-After if it gave one, else 10 s doubling to 1 h. */
export function retryDelayMs(attempts: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 1000), GIVE_UP_AFTER_MS);
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);
}

type Send = (channel: { id: string; type: ChannelType; config: unknown; secret: string | null }, payload: AlertPayload) => Promise<DeliveryResult>;

export type AlertSender = ReturnType<typeof createAlertSender>;

export function createAlertSender(deps: {
  db: Db;
  senderId: string;
  log: Logger;
  now?: () => number;
  send?: Send;
  pollMs?: number;
  /** Only events of these types (the web process sends only what no worker can: worker.down / worker.up). */
  types?: readonly AlertType[];
}) {
  const { db, senderId, log } = deps;
  // The types are this module's constants, never input: safe to write into the statement.
  const ofTypes = deps.types ? ` AND "eventId" IN (SELECT "id" FROM "AlertEvent" WHERE "type" IN (${deps.types.map((t) => `'${t.replace(/'/g, "")}'`).join(", ")}))` : "";
  const now = deps.now ?? Date.now;
  const send: Send = deps.send ?? ((channel, payload) => sendToChannel(channel as Parameters<typeof sendToChannel>[0], payload));
  const pg = providerOf(db) === "postgresql";
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let unsubscribe = () => {};

  /** Takes up to `limit` due deliveries for this sender; returns their ids. */
  async function claim(limit: number): Promise<string[]> {
    const at = new Date(now());
    const until = new Date(now() + LEASE_MS);
    const rows = pg
      ? await db.$queryRawUnsafe<{ id: string }[]>(
          `UPDATE "AlertDelivery" SET "claimedBy" = $1, "claimedUntil" = $2::timestamp
           WHERE "id" IN (SELECT "id" FROM "AlertDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= $3::timestamp
                          AND ("claimedUntil" IS NULL OR "claimedUntil" <= $3::timestamp)${ofTypes} ORDER BY "nextAttemptAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
           RETURNING "id"`,
          senderId,
          until.toISOString(),
          at.toISOString(),
          limit,
        )
      : await db.$queryRawUnsafe<{ id: string }[]>(
          `UPDATE "AlertDelivery" SET "claimedBy" = ?, "claimedUntil" = ?
           WHERE "id" IN (SELECT "id" FROM "AlertDelivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ?
                          AND ("claimedUntil" IS NULL OR "claimedUntil" <= ?)${ofTypes} ORDER BY "nextAttemptAt" LIMIT ?)
           RETURNING "id"`,
          senderId,
          until,
          at,
          at,
          limit,
        );
    return rows.map((r) => r.id);
  }

  /** The claimed deliveries with what sending them needs, in one query. */
  function load(ids: string[]) {
    return db.alertDelivery.findMany({
      where: { id: { in: ids }, claimedBy: senderId },
      select: { id: true, attempts: true, createdAt: true, channel: { select: { id: true, type: true, config: true, secret: true } }, event: { select: { payload: true } } },
    });
  }
  type Claimed = Awaited<ReturnType<typeof load>>[number];

  async function deliver(delivery: Claimed): Promise<void> {
    const started = now();
    const result: DeliveryResult = delivery.channel
      ? await send({ ...delivery.channel, type: delivery.channel.type as ChannelType }, delivery.event.payload as unknown as AlertPayload).catch(
          (err: unknown): DeliveryResult => ({ ok: false, retryable: true, status: null, error: (err as Error).message, durationMs: now() - started }),
        )
      : { ok: false, retryable: false, status: null, error: "the channel was deleted", durationMs: 0 };
    await record(delivery, result);
  }

  /** Writes the attempt and what follows from it, in one transaction. */
  async function record(delivery: { id: string; attempts: number; createdAt: Date }, result: DeliveryResult) {
    const at = new Date(now());
    const attempts = delivery.attempts + 1;
    const error = result.ok ? null : result.error.slice(0, ERROR_MAX);
    let status: "delivered" | "pending" | "failed" = "delivered";
    let nextAttemptAt = at;
    let lastError = error;
    if (!result.ok) {
      nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, result.retryAfterMs));
      const expired = nextAttemptAt.getTime() - delivery.createdAt.getTime() > GIVE_UP_AFTER_MS;
      status = result.retryable && !expired ? "pending" : "failed";
      if (result.retryable && expired) lastError = `gave up after 24 h of retries: ${error}`;
    }
    await db.$transaction([
      db.alertAttempt.create({ data: { deliveryId: delivery.id, at, ok: result.ok, status: result.status, error, durationMs: Math.round(result.durationMs) } }),
      db.alertDelivery.updateMany({
        where: { id: delivery.id, claimedBy: senderId },
        data: {
          status,
          attempts,
          nextAttemptAt,
          lastStatus: result.status,
          lastError,
          deliveredAt: result.ok ? at : null,
          claimedBy: null,
          claimedUntil: null,
        },
      }),
    ]);
    if (!result.ok) log.warn("alert delivery failed", { deliveryId: delivery.id, attempt: attempts, status: result.status, error, retry: status === "pending" ? nextAttemptAt.toISOString() : "no" });
  }

  /** Sends everything due now, CLAIM_BATCH at a time, CONCURRENCY at once. */
  async function drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const ids = await claim(CLAIM_BATCH);
      if (ids.length === 0) return sent;
      const queue = await load(ids);
      await Promise.all(
        Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
          for (let d = queue.shift(); d !== undefined; d = queue.shift()) {
            const id = d.id;
            await deliver(d).catch((err: unknown) => log.warn("alert delivery could not be recorded; it is sent again after its lease", { deliveryId: id, error: (err as Error).message }));
          }
        }),
      );
      sent += ids.length;
    }
  }

  function kick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((err: unknown) => log.warn("alert sender could not read its outbox; will try again", { error: (err as Error).message }))
      .then(() => undefined)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      unsubscribe = onAlertsWritten(db, kick);
      timer = setInterval(kick, deps.pollMs ?? POLL_MS);
      timer.unref?.();
      kick();
    },
    /** Stops polling and waits for the sends in flight (their records included). */
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    /** Sends what is due now; for tests and the channel test. */
    drain,
  };
}
