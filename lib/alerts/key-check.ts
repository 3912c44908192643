// Whether this process can open the channels' sealed secrets: a worker given another AUTH_SECRET
// than the web app's would send no alert with a secret (its attempts fail and wait for another
// worker). Checked once at start, to say so in the log instead of in every failed delivery.
import type { Db } from "../db/client";
import { unseal } from "./channels/sealed";

/** Null when this process's key opens a channel's secret (or there is none yet); otherwise why not. */
export async function channelKeyProblem(db: Db, secret?: string): Promise<string | null> {
  const channel = await db.alertChannel.findFirst({ where: { secret: { not: null } }, select: { name: true, secret: true } });
  if (!channel?.secret) return null;
  try {
    unseal(channel.secret, secret);
    return null;
  } catch (err) {
    return `${(err as Error).message} (channel "${channel.name}"): give this process the AUTH_SECRET of the web app`;
  }
}
