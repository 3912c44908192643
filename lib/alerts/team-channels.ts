// A team's alert channels: any member may list them (secrets masked: the schedule form picks from
// them); admins add, edit, test and delete them. A webhook's signing secret is shown once, when it
// is made (at creation and by rotate-secret), and stored sealed like every secret config value.
import { ApiError, isUniqueViolation, notFound, validationError } from "../api/errors";
import { providerOf, type Db, type Prisma } from "../db/client";
import { env } from "../env";
import { requireRole, type TeamAccess } from "../teams/access";
import { recordAudit } from "../teams/audit";
import type { ChannelCreate, ChannelOut, ChannelUpdate } from "../validation/alerts";
import { ChannelConfigError, checkChannelTargets, parseChannelConfig, presentChannelConfig, type ChannelType, type StoredChannelConfig } from "./channels/config";
import { newWebhookSecret, seal } from "./channels/sealed";
import { sendToChannel, type DeliveryResult } from "./channels/send";
import { LEASE_MS } from "./dispatch";
import { writeAlert } from "./outbox";

const NO_TEAM = "No such team";
const NO_CHANNEL = "No such channel";

type ChannelRow = { id: string; teamId: string; name: string; type: string; config: unknown; secret: string | null; createdAt: Date; updatedAt: Date };

export function toChannelOut(row: ChannelRow): ChannelOut {
  return {
    id: row.id,
    teamId: row.teamId,
    name: row.name,
    type: row.type as ChannelType,
    config: presentChannelConfig(row.type as ChannelType, row.config as StoredChannelConfig),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The config to store, checked against the network policy: a 400 naming the field otherwise. */
async function storedConfig(type: string, config: unknown, previous?: unknown): Promise<StoredChannelConfig> {
  try {
    const stored = parseChannelConfig(type, config, previous);
    await checkChannelTargets(type as ChannelType, stored, { allowPrivateNetwork: env().ALLOW_PRIVATE_NETWORK_TARGETS });
    return stored;
  } catch (err) {
    if (err instanceof ChannelConfigError) throw validationError({ [err.field.replace(/\[(\d+)\]/g, ".$1")]: err.detail });
    throw err;
  }
}

const nameTaken = (err: unknown): never => {
  if (isUniqueViolation(err)) throw new ApiError("conflict", "This team already has a channel with this name", { name: "already used by another channel of this team" });
  throw err;
};

async function findChannel(db: Db, access: TeamAccess, teamId: string, id: string, needed: "viewer" | "admin"): Promise<ChannelRow> {
  requireRole(access, teamId, needed, NO_TEAM);
  const row = await db.alertChannel.findFirst({ where: { id, teamId } });
  if (!row) throw notFound(NO_CHANNEL);
  return row;
}

export async function listChannels(db: Db, access: TeamAccess, teamId: string): Promise<{ items: ChannelOut[] }> {
  requireRole(access, teamId, "viewer", NO_TEAM);
  const rows = await db.alertChannel.findMany({ where: { teamId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return { items: rows.map(toChannelOut) };
}

export async function getChannel(db: Db, access: TeamAccess, teamId: string, id: string): Promise<ChannelOut> {
  return toChannelOut(await findChannel(db, access, teamId, id, "viewer"));
}

/** Adds a channel (admins); a webhook's answer carries its signing secret, this once. */
export async function createChannel(db: Db, access: TeamAccess, teamId: string, input: ChannelCreate): Promise<ChannelOut & { secret?: string }> {
  requireRole(access, teamId, "admin", NO_TEAM);
  const config = await storedConfig(input.type, input.config);
  const secret = input.type === "webhook" ? newWebhookSecret() : null;
  const row = await db
    .$transaction(async (tx) => {
      const row = await tx.alertChannel.create({ data: { teamId, name: input.name, type: input.type, config: config as Prisma.InputJsonValue, secret: secret && seal(secret) } });
      await recordAudit(tx, access.actor, { teamId, action: "channel.created", target: { type: "channel", id: row.id, name: row.name }, changes: { type: { from: null, to: row.type } } });
      return row;
    })
    .catch(nameTaken);
  return { ...toChannelOut(row), ...(secret ? { secret } : {}) };
}

export async function updateChannel(db: Db, access: TeamAccess, teamId: string, id: string, input: ChannelUpdate): Promise<ChannelOut> {
  const current = await findChannel(db, access, teamId, id, "admin");
  const data: Prisma.AlertChannelUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.config !== undefined) data.config = (await storedConfig(current.type, input.config, current.config)) as Prisma.InputJsonValue;
  const row = await db
    .$transaction(async (tx) => {
      const row = await tx.alertChannel.update({ where: { id }, data });
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (row.name !== current.name) changes.name = { from: current.name, to: row.name };
      const [before, after] = [presentChannelConfig(current.type as ChannelType, current.config as StoredChannelConfig), presentChannelConfig(row.type as ChannelType, row.config as StoredChannelConfig)];
      if (JSON.stringify(before) !== JSON.stringify(after)) changes.config = { from: before, to: after };
      await recordAudit(tx, access.actor, { teamId, action: "channel.updated", target: { type: "channel", id, name: row.name }, changes });
      return row;
    })
    .catch(nameTaken);
  return toChannelOut(row);
}

/** Deletes a channel; its past deliveries stay in the history under its name, and pending ones fail. */
export async function deleteChannel(db: Db, access: TeamAccess, teamId: string, id: string): Promise<void> {
  const current = await findChannel(db, access, teamId, id, "admin");
  await db.$transaction(async (tx) => {
    await tx.alertChannel.delete({ where: { id } });
    await recordAudit(tx, access.actor, { teamId, action: "channel.deleted", target: { type: "channel", id, name: current.name } });
  });
}

/** A new signing secret for a webhook channel (admins); the old one stops working at once. */
export async function rotateChannelSecret(db: Db, access: TeamAccess, teamId: string, id: string): Promise<{ secret: string }> {
  const current = await findChannel(db, access, teamId, id, "admin");
  if (current.type !== "webhook") throw new ApiError("conflict", `Only webhook channels have a signing secret; this one is ${current.type}`);
  const secret = newWebhookSecret();
  await db.$transaction(async (tx) => {
    await tx.alertChannel.update({ where: { id }, data: { secret: seal(secret) } });
    await recordAudit(tx, access.actor, { teamId, action: "channel.secret_rotated", target: { type: "channel", id, name: current.name } });
  });
  return { secret };
}

/**
 * Sends a channel.test event now (admins) and answers with the receiver's reply. The event and its
 * one delivery are kept in the team's alert history like any other; the delivery is held by this
 * request while it sends (no sender picks it up) and is not retried.
 */
export async function testChannel(db: Db, access: TeamAccess, teamId: string, id: string, now = new Date()): Promise<{ delivered: true; status: number | null }> {
  const channel = await findChannel(db, access, teamId, id, "admin");
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true } });
  const provider = providerOf(db);
  const holder = `test-${access.userId}`;
  const eventId = await db.$transaction(async (tx) => {
    const eventId = await writeAlert(
      tx as unknown as Db,
      provider,
      { teamId, type: "channel.test", payload: { type: "channel.test", at: now.toISOString(), team: { id: teamId, name: team.name }, channel: { id, name: channel.name } }, channels: [id] },
      now,
    );
    await tx.alertDelivery.updateMany({ where: { eventId: eventId! }, data: { claimedBy: holder, claimedUntil: new Date(now.getTime() + LEASE_MS) } });
    return eventId!;
  });
  const event = await db.alertEvent.findUniqueOrThrow({ where: { id: eventId }, select: { payload: true, deliveries: { select: { id: true } } } });
  const started = Date.now();
  const result: DeliveryResult = await sendToChannel(
    { id, type: channel.type as ChannelType, config: channel.config as StoredChannelConfig, secret: channel.secret },
    event.payload as never,
  ).catch((err: unknown) => ({ ok: false as const, retryable: false, status: null, error: (err as Error).message, durationMs: Date.now() - started }));
  const at = new Date();
  const delivery = event.deliveries[0];
  await db.$transaction([
    db.alertAttempt.create({ data: { deliveryId: delivery.id, at, ok: result.ok, status: result.status, error: result.ok ? null : result.error, durationMs: Math.round(result.durationMs) } }),
    db.alertDelivery.update({
      where: { id: delivery.id },
      data: { status: result.ok ? "delivered" : "failed", attempts: 1, lastStatus: result.status, lastError: result.ok ? null : result.error, deliveredAt: result.ok ? at : null, claimedBy: null, claimedUntil: null },
    }),
  ]);
  if (!result.ok) throw new ApiError("bad_gateway", result.error, undefined, undefined, { delivered: false, status: result.status });
  return { delivered: true, status: result.status };
}
