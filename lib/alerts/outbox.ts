// The outbox: an alert is an AlertEvent row and one AlertDelivery per channel, written with the
// transaction client of whatever caused it (a run's outcome, a missed slot, the workers' watch),
// so the cause and its alert commit together or not at all. Senders (dispatch.ts) claim the
// deliveries afterwards; nothing is sent from inside a transaction.
import { randomBytes } from "node:crypto";
import type { Db, Prisma } from "../db/client";
import type { DbTarget } from "../db/target";
import { env } from "../env";
import type { AlertPayload, AlertType } from "./payload";

type Provider = DbTarget["provider"];
/** A transaction client (or a client): what writing an alert needs. */
export type AlertWriter = Pick<Db, "$queryRawUnsafe" | "alertChannel" | "alertDelivery">;

/** An event's id: the Standard Webhooks `msg_` form, which receivers use to deduplicate. */
export const newEventId = () => `msg_${randomBytes(16).toString("base64url")}`;

/** The site's address for links in alerts (written by workers, which answer no request): NEXTAUTH_URL, else localhost. */
export function alertLinkOrigin(): string {
  const configured = env().NEXTAUTH_URL;
  return configured ? new URL(configured).origin : `http://localhost:${env().PORT}`;
}

export const schedulePageUrl = (scheduleId: string) => new URL(`/schedules/${encodeURIComponent(scheduleId)}`, alertLinkOrigin()).toString();

export type NewAlert = {
  teamId: string;
  scheduleId?: string | null;
  runId?: string | null;
  type: AlertType;
  /** The body without its id (set here). */
  payload: Omit<AlertPayload, "id">;
  /** Makes the event happen once however many processes notice it (see AlertEvent.dedupeKey). */
  dedupeKey?: string;
  /** The channels to deliver to: ids of the team's channels (others are ignored), or "all". */
  channels: readonly string[] | "all";
};

/**
 * Writes one event and its deliveries; returns the event id, or null when an event with the same
 * dedupe key exists (then nothing is written). Call it with a transaction's client.
 */
export async function writeAlert(tx: AlertWriter, provider: Provider, alert: NewAlert, now: Date): Promise<string | null> {
  const id = newEventId();
  const body = JSON.stringify({ ...alert.payload, id });
  // PostgreSQL takes numbered, typed placeholders and instants as ISO text; SQLite "?" and Dates.
  const pg = provider === "postgresql";
  const at = (n: number, cast = "") => (pg ? `$${n}${cast}` : "?");
  const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "AlertEvent" ("id", "teamId", "scheduleId", "runId", "type", "payload", "dedupeKey", "createdAt")
     VALUES (${[at(1), at(2), at(3), at(4), at(5), at(6, "::jsonb"), at(7), at(8, "::timestamp")].join(", ")}) ON CONFLICT DO NOTHING RETURNING "id"`,
    id,
    alert.teamId,
    alert.scheduleId ?? null,
    alert.runId ?? null,
    alert.type,
    body,
    alert.dedupeKey ?? null,
    pg ? now.toISOString() : now,
  );
  if (inserted.length === 0) return null;
  const where: Prisma.AlertChannelWhereInput = alert.channels === "all" ? { teamId: alert.teamId } : { teamId: alert.teamId, id: { in: [...alert.channels] } };
  const channels = alert.channels !== "all" && alert.channels.length === 0 ? [] : await tx.alertChannel.findMany({ where, select: { id: true, name: true, type: true } });
  if (channels.length > 0) {
    await tx.alertDelivery.createMany({
      data: channels.map((c) => ({ eventId: id, channelId: c.id, channelName: c.name, channelType: c.type, nextAttemptAt: now, createdAt: now })),
    });
  }
  return id;
}

/**
 * Writes many events without dedupe keys (those that follow from outcomes) and their deliveries:
 * three statements however many there are. Call it with a transaction's client.
 */
export async function writeAlerts(tx: AlertWriter & Pick<Db, "alertEvent">, alerts: (NewAlert & { channels: readonly string[] })[], now: Date): Promise<number> {
  if (alerts.length === 0) return 0;
  const wanted = [...new Set(alerts.flatMap((a) => a.channels))];
  const channels = wanted.length ? await tx.alertChannel.findMany({ where: { id: { in: wanted } }, select: { id: true, teamId: true, name: true, type: true } }) : [];
  const byId = new Map(channels.map((c) => [c.id, c]));
  const events = alerts.map((a) => ({ ...a, id: newEventId() }));
  await tx.alertEvent.createMany({
    data: events.map((e) => ({ id: e.id, teamId: e.teamId, scheduleId: e.scheduleId ?? null, runId: e.runId ?? null, type: e.type, payload: { ...e.payload, id: e.id } as Prisma.InputJsonValue, createdAt: now })),
  });
  const deliveries = events.flatMap((e) =>
    e.channels.flatMap((id) => {
      const c = byId.get(id);
      // Only the event's own team's channels (rules are checked when saved; this holds after a move).
      return c && c.teamId === e.teamId ? [{ eventId: e.id, channelId: c.id, channelName: c.name, channelType: c.type, nextAttemptAt: now, createdAt: now }] : [];
    }),
  );
  if (deliveries.length) await tx.alertDelivery.createMany({ data: deliveries });
  return events.length;
}
