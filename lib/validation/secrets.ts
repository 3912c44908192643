// Request and response shapes of the team secrets API (lib/secrets/team-secrets.ts).
import { z } from "zod";
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from "../secrets/references";

/** The largest value a secret may hold, in UTF-8 bytes. */
export const SECRET_VALUE_MAX_BYTES = 64 * 1024; // over the API a little less: request bodies are capped at 64 KiB (413)

const secretName = z.string({ error: "name must be a string" }).regex(SECRET_NAME_PATTERN, `name must be ${SECRET_NAME_RULE}`);
const secretValue = z
  .string({ error: "value must be a string" })
  .min(1, "value must not be empty")
  .refine((v) => new TextEncoder().encode(v).length <= SECRET_VALUE_MAX_BYTES, `value must be at most ${SECRET_VALUE_MAX_BYTES / 1024} KiB`)
  .meta({ description: "The secret's value: stored sealed, never shown again" });

export const secretCreateSchema = z.strictObject({ name: secretName.meta({ description: `Used as {{secrets.NAME}}: ${SECRET_NAME_RULE}` }), value: secretValue }).meta({ id: "SecretCreate" });
export const secretUpdateSchema = z.strictObject({ value: secretValue }).meta({ id: "SecretUpdate" });
export type SecretCreate = z.output<typeof secretCreateSchema>;
export type SecretUpdate = z.output<typeof secretUpdateSchema>;

export const secretOutSchema = z
  .object({
    name: z.string(),
    reference: z.string().meta({ description: "How a job payload uses it: {{secrets.NAME}}" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    updatedBy: z.string().nullable().meta({ description: "Who last set the value: their email (an API token's owner's), or null" }),
  })
  .meta({ id: "Secret" });
export type SecretOut = z.infer<typeof secretOutSchema>;
