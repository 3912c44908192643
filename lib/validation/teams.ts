// Request bodies of the teams API.
import { z } from "zod";
import { AUDIT_ACTIONS } from "../teams/audit";
import { TEAM_ROLES } from "../teams/roles";

export const TEAM_NAME_MAX = 100;

const teamName = z
  .string({ error: "name must be a string" })
  .trim()
  .min(1, "name must not be empty")
  .max(TEAM_NAME_MAX, `name must be at most ${TEAM_NAME_MAX} characters`);

export const teamRoleSchema = z.enum(TEAM_ROLES, { error: `role must be one of ${TEAM_ROLES.join(", ")}` });

export const teamCreateSchema = z.strictObject({ name: teamName }).meta({ id: "TeamCreate" });
export const teamUpdateSchema = z.strictObject({ name: teamName }).meta({ id: "TeamUpdate" });
export const memberUpdateSchema = z.strictObject({ role: teamRoleSchema }).meta({ id: "MemberUpdate" });

export const teamOutSchema = z
  .object({ id: z.string(), name: z.string(), role: teamRoleSchema, personal: z.boolean().meta({ description: "The team made with an account; it goes with the account" }) })
  .meta({ id: "Team" });
export const memberOutSchema = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable(), role: teamRoleSchema }).meta({ id: "Member" });

export const invitationCreateSchema = z
  .strictObject({
    email: z.email({ error: "email must be an email address" }).max(254, "email must be at most 254 characters").optional().meta({ description: "Only the account with this email may accept" }),
    role: teamRoleSchema,
  })
  .meta({ id: "InvitationCreate" });
export const invitationAcceptSchema = z.strictObject({ token: z.string({ error: "token must be a string" }).min(1, "token must not be empty").max(200, "token must be at most 200 characters") }).meta({ id: "InvitationAccept" });
export const invitationOutSchema = z
  .object({ id: z.string(), email: z.string().nullable(), role: teamRoleSchema, expiresAt: z.iso.datetime(), createdAt: z.iso.datetime() })
  .meta({ id: "Invitation" });
export const invitationCreatedSchema = z
  .object({ id: z.string(), token: z.string().meta({ description: "Shown only here" }), url: z.string().meta({ description: "The link to send" }), expiresAt: z.iso.datetime() })
  .meta({ id: "InvitationCreated" });

export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1, "limit must be at least 1").max(200, "limit must be at most 200").default(50),
  cursor: z.string().max(500, "cursor must be at most 500 characters: pass nextCursor from the previous page unchanged").optional(),
  action: z.enum(AUDIT_ACTIONS, { error: `action must be one of ${AUDIT_ACTIONS.join(", ")}` }).optional(),
  targetId: z.string().max(100, "targetId must be at most 100 characters").optional(),
});
export const auditEventOutSchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.object({ type: z.enum(["user", "token", "assistant", "system"]), id: z.string().nullable(), email: z.string().nullable() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string(), name: z.string().optional() }),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
  })
  .meta({ id: "AuditEvent" });
