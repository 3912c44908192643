// Which model endpoint an llm job calls: the team's own (Team.llmEndpoint, set through
// lib/llm/team-endpoint.ts), else the operator's (LLM_URL, LLM_MODEL, LLM_API_KEY). Read at
// registration (is there any?) and at each run (the endpoint may have changed since).
import { z } from "zod";
import type { Db } from "../db/client";
import { env, type Env } from "../env";
import { apiKeySecretName } from "../validation/llm-endpoint";

/** A team's endpoint as stored: `apiKey` is a `{{secrets.NAME}}` reference, never a value. */
export type TeamLlmEndpoint = { url: string; model?: string; apiKey?: string };

/** The operator's endpoint: trusted (it may be on loopback, like the assistant's model). */
export type OperatorLlmEndpoint = { url: string; model?: string; apiKey?: string };

const storedSchema = z.object({
  url: z.string().min(1),
  model: z.string().min(1).optional(),
  apiKey: z
    .string()
    .refine((v) => apiKeySecretName(v) !== null)
    .optional(),
});

/** Team.llmEndpoint read back; null when unset or not a readable endpoint (treated as unset). */
export function readStoredEndpoint(value: unknown): TeamLlmEndpoint | null {
  const parsed = storedSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The team's endpoint now, or null. */
export async function readTeamLlmEndpoint(db: Db, teamId: string): Promise<TeamLlmEndpoint | null> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { llmEndpoint: true } });
  return readStoredEndpoint(team?.llmEndpoint);
}

/** LLM_URL, LLM_MODEL, LLM_API_KEY; null without LLM_URL. */
export function operatorLlmEndpoint(e: Pick<Env, "LLM_URL" | "LLM_MODEL" | "LLM_API_KEY"> = env()): OperatorLlmEndpoint | null {
  if (!e.LLM_URL) return null;
  return { url: e.LLM_URL, ...(e.LLM_MODEL ? { model: e.LLM_MODEL } : {}), ...(e.LLM_API_KEY ? { apiKey: e.LLM_API_KEY } : {}) };
}

export const NO_ENDPOINT =
  "llm jobs need a model endpoint, and this team has none: an admin sets one under Team settings, Model endpoint (PUT /api/v1/teams/{teamId}/llm-endpoint), or the operator sets LLM_URL";
