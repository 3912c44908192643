// The sender: claims due deliveries from the outbox, sends each to its channel, and records every
// attempt. Workers run one, and so does the web process (someone must send worker.down when no
// worker runs). A claim is a lease (claimedBy, claimedUntil) taken by one conditional statement,
// so two senders never hold the same delivery; a sender that dies leaves its claims to the next
// after the lease, so a crash between claim and send means a later send, never a lost alert (and
// a crash after the send but before its record means a second send with the same webhook-id,
// which receivers deduplicate).
import { providerOf, type Db, type Prisma } from "../db/client";
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
    // Not awaited: the next send starts while this outcome waits for its group commit (drain()
    // waits for them all before it returns).
    recorded.push(record(delivery, result).catch((err: unknown) => log.warn("alert delivery could not be recorded; it is sent again after its lease", { deliveryId: delivery.id, error: (err as Error).message })));
  }

  type Outcome = { id: string; attempt: Prisma.AlertAttemptCreateManyInput; update: Prisma.AlertDeliveryUpdateManyMutationInput; key: string };
  // Filled by record() as sends end; drained by writeOutcomes() one transaction at a time, so a
  // burst of sends costs a few commits, not one each (group commit, as the recorder's).
  let outcomes: { outcome: Outcome; done: () => void; failed: (err: unknown) => void }[] = [];
  // The records of this drain's sends, not yet committed.
  let recorded: Promise<void>[] = [];
  let writing: Promise<void> | null = null;

  /** What an attempt's result makes of its delivery. */
  function outcomeOf(delivery: { id: string; attempts: number; createdAt: Date }, result: DeliveryResult): Outcome {
    const at = new Date(now());
    const attempts = delivery.attempts + 1;
    const error = result.ok ? null : result.error.slice(0, ERROR_MAX);
    const attempt = { deliveryId: delivery.id, at, ok: result.ok, status: result.status, error, durationMs: Math.round(result.durationMs) };
    const released = { claimedBy: null, claimedUntil: null, attempts: { increment: 1 } };
    if (result.ok) {
      // Deliveries that went through the same way share one update.
      return { id: delivery.id, attempt, update: { ...released, status: "delivered", lastStatus: result.status, lastError: null, deliveredAt: at, nextAttemptAt: at }, key: `delivered:${result.status}` };
    }
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, result.retryAfterMs));
    const expired = nextAttemptAt.getTime() - delivery.createdAt.getTime() > GIVE_UP_AFTER_MS;
    const status = result.retryable && !expired ? "pending" : "failed";
    const lastError = result.retryable && expired ? `gave up after 24 h of retries: ${error}` : error;
    log.warn("alert delivery failed", { deliveryId: delivery.id, attempt: attempts, status: result.status, error, retry: status === "pending" ? nextAttemptAt.toISOString() : "no" });
    return { id: delivery.id, attempt, update: { ...released, status, lastStatus: result.status, lastError, deliveredAt: null, nextAttemptAt }, key: `one:${delivery.id}` };
  }

  /** Records an attempt and what follows from it; resolves once committed. */
  function record(delivery: { id: string; attempts: number; createdAt: Date }, result: DeliveryResult): Promise<void> {
    return new Promise((done, failed) => {
      outcomes.push({ outcome: outcomeOf(delivery, result), done, failed });
      writing ??= writeOutcomes().finally(() => (writing = null));
    });
  }

  /** Writes what piled up, one transaction per turn: the attempts in one insert, the deliveries in one update per kind of outcome. */
  async function writeOutcomes(): Promise<void> {
    while (outcomes.length) {
      await new Promise((r) => setImmediate(r)); // this turn's other results join the batch
      const batch = outcomes;
      outcomes = [];
      const groups = new Map<string, Outcome[]>();
      for (const { outcome } of batch) groups.set(outcome.key, [...(groups.get(outcome.key) ?? []), outcome]);
      try {
        await db.$transaction([
          db.alertAttempt.createMany({ data: batch.map((b) => b.outcome.attempt) }),
          // Only while this sender still holds it: after its lease another may have taken it.
          ...[...groups.values()].map((g) => db.alertDelivery.updateMany({ where: { id: { in: g.map((o) => o.id) }, claimedBy: senderId }, data: g[0].update })),
        ]);
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.failed(err);
      }
    }
  }

  /**
   * Sends everything due now, CONCURRENCY at once. Deliveries are claimed CLAIM_BATCH at a time,
   * the next batch as soon as the queue runs low, so sends never wait for a whole batch to end.
   */
  async function drain(): Promise<number> {
    recorded = [];
    const queue: Claimed[] = [];
    let claimed = 0;
    let exhausted = false;
    let refilling: Promise<void> | null = null;
    const refill = () =>
      (refilling ??= (async () => {
        const ids = await claim(CLAIM_BATCH);
        if (ids.length === 0) exhausted = true;
        claimed += ids.length;
        queue.push(...(await load(ids)));
      })().finally(() => (refilling = null)));
    async function lane() {
      for (;;) {
        if (queue.length <= CONCURRENCY && !exhausted) void refill().catch(() => undefined); // awaited below when needed
        const next = queue.shift();
        if (!next) {
          if (exhausted && !refilling) return;
          await refill();
          continue;
        }
        await deliver(next).catch((err: unknown) => log.warn("alert delivery failed unexpectedly; it is sent again after its lease", { deliveryId: next.id, error: (err as Error).message }));
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    await Promise.all(recorded);
    return claimed;
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
