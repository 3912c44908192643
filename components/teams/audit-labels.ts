// How the audit log reads: a label per action (a Record, so a new action is a type error here
// until it has one), who acted, and a change's values.
import type { AuditAction, AuditEventOut } from "@/lib/api";

export const ACTION_LABELS: Record<AuditAction, string> = {
  "schedule.created": "created schedule",
  "schedule.updated": "edited schedule",
  "schedule.deleted": "deleted schedule",
  "schedule.enabled": "enabled schedule",
  "schedule.disabled": "disabled schedule",
  "schedule.ping_key_rotated": "gave a new ping URL to",
  "schedule.run_requested": "ran schedule",
  "member.added": "added member",
  "member.role_changed": "changed the role of",
  "member.removed": "removed member",
  "invitation.created": "invited",
  "invitation.accepted": "accepted the invitation of",
  "invitation.revoked": "revoked the invitation of",
  "token.created": "created API token",
  "token.revoked": "revoked API token",
  "team.created": "created team",
  "team.updated": "renamed team",
  "team.alert_settings_updated": "changed the alert settings of",
  "team.llm_endpoint_changed": "changed the model endpoint of",
  "channel.created": "added alert channel",
  "channel.updated": "edited alert channel",
  "channel.deleted": "deleted alert channel",
  "channel.secret_rotated": "rotated the signing secret of",
  "secret.created": "added secret",
  "secret.updated": "replaced the value of secret",
  "secret.deleted": "deleted secret",
};

export const AUDIT_ACTIONS = Object.keys(ACTION_LABELS) as AuditAction[];

export function actionLabel(action: string): string {
  return ACTION_LABELS[action as AuditAction] ?? action;
}

/** "ada@example.com", "ada@example.com (API token)", "@cron for ada@example.com", "Almanac". */
export function actorLabel(actor: AuditEventOut["actor"]): string {
  const who = actor.email ?? "someone";
  if (actor.type === "token") return `${who} (API token)`;
  if (actor.type === "assistant") return `@cron for ${who}`;
  if (actor.type === "system") return "Almanac";
  return who;
}

/** What was acted on: its name when it has one (an invitation without an email has none). */
export function targetLabel(target: AuditEventOut["target"]): string {
  if (target.name) return target.name;
  return target.type === "invitation" ? "anyone with the link" : target.id;
}

/** A recorded value as text: "none" for nothing, strings as they are, the rest as JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
