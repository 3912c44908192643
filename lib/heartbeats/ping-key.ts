// A heartbeat check's ping key: the only thing that authenticates a ping, so it is long and random
// (18 random bytes, 24 base64url characters; the issue asks for at least 22), unique across all
// teams, and shown only to members of the schedule's team.
import { randomBytes } from "node:crypto";
import { linkOrigin } from "../api/request-origin";

export const PING_KEY_BYTES = 18;
/** What a key looks like: the ping route answers anything else with a 404 at once. */
export const PING_KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export function newPingKey(): string {
  return randomBytes(PING_KEY_BYTES).toString("base64url");
}

/** The check's ping URL (success); `/start`, `/fail` and `/{exit status}` follow it. */
export function pingUrl(key: string): string {
  return new URL(`/ping/${key}`, linkOrigin()).toString();
}
