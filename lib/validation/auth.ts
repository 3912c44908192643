// Account and token inputs: shared by the route handlers and the forms.
import { z } from "zod";
import { TEAM_ROLES } from "../teams/roles";

export const emailSchema = z
  .string({ error: "email is required" })
  .trim()
  .max(254, "email is too long")
  .pipe(z.email({ error: "not a valid email address" }))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string({ error: "password is required" })
  .min(8, "password must be at least 8 characters")
  // bcrypt reads only the first 72 bytes; refuse longer rather than silently ignore the rest.
  .refine((p) => new TextEncoder().encode(p).length <= 72, "password must be at most 72 bytes");

export const registerSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1, "name cannot be empty").max(100, "name must be at most 100 characters").optional(),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const credentialsSchema = z.strictObject({
  email: emailSchema,
  password: z.string({ error: "password is required" }).min(1, "password is required"),
});
export type CredentialsInput = z.infer<typeof credentialsSchema>;

export const apiTokenCreateSchema = z
  .strictObject({
    name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(100, "name must be at most 100 characters"),
    expiresInDays: z.number({ error: "expiresInDays must be a number of days" }).int("expiresInDays must be a whole number").min(1).max(3650).optional(),
    // For a token that must end within a day, e.g. one made with a Bearer JWT (it may not outlive it).
    expiresAt: z.iso
      .datetime({ offset: true, error: "expiresAt must be an ISO 8601 date and time, e.g. 2026-12-31T23:00:00Z" })
      .optional()
      .meta({ description: "When the token expires (instead of expiresInDays); at most 10 years ahead" }),
    teamId: z.string({ error: "teamId must be a string" }).min(1).max(100).optional().meta({ description: "Bind the token to this team: it acts only there (needs the admin role there)" }),
    role: z.enum(TEAM_ROLES, { error: `role must be one of ${TEAM_ROLES.join(", ")}` }).optional().meta({ description: "With teamId: the most the token may do there (never above your own role)" }),
  })
  .refine((v) => v.expiresInDays === undefined || v.expiresAt === undefined, { message: "give expiresInDays or expiresAt, not both", path: ["expiresAt"] })
  .refine((v) => v.role === undefined || v.teamId !== undefined, { message: "role needs teamId: a token's role is its role in one team", path: ["role"] });
export type ApiTokenCreateInput = z.infer<typeof apiTokenCreateSchema>;
