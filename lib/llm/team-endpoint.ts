// A team's own model endpoint for its llm jobs (Team.llmEndpoint): members read it, admins set or
// remove it. Its key is never stored here: apiKey is a `{{secrets.NAME}}` reference to a team
// secret that exists when it is saved, and workers read the value at each run. Each change writes
// its audit row (URL, model and the reference's name) in the same transaction.
import { ApiError, validationError } from "../api/errors";
import { Prisma, type Db } from "../db/client";
import { checkTarget, defaultNetworkPolicy, type Resolver } from "../entrypoints/network";
import { EntrypointError, type NetworkPolicy } from "../entrypoints/types";
import { env } from "../env";
import { requireRole, type TeamAccess } from "../teams/access";
import { changesOf, recordAudit } from "../teams/audit";
import { apiKeySecretName, type LlmEndpointOut, type LlmEndpointPut } from "../validation/llm-endpoint";
import { operatorLlmEndpoint, readStoredEndpoint, type TeamLlmEndpoint } from "./endpoint";
import { teamSecretNames } from "../secrets/team-secrets";
import { secretRef } from "../secrets/references";

const NO_TEAM = "No such team";
const FIELDS = ["url", "model", "apiKey"] as const;

export type SaveOptions = { policy?: NetworkPolicy; resolve?: Resolver; dnsTimeoutMs?: number };

function present(endpoint: TeamLlmEndpoint | null): LlmEndpointOut {
  const operator = operatorLlmEndpoint(env());
  return {
    configured: endpoint !== null,
    url: endpoint?.url ?? null,
    model: endpoint?.model ?? null,
    apiKey: endpoint?.apiKey ?? null,
    operatorDefault: { available: operator !== null, model: operator?.model ?? null },
  };
}

const auditView = (e: TeamLlmEndpoint | null) => ({ url: e?.url ?? null, model: e?.model ?? null, apiKey: e?.apiKey ?? null });

async function current(db: Db, teamId: string): Promise<{ name: string; endpoint: TeamLlmEndpoint | null }> {
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId }, select: { name: true, llmEndpoint: true } });
  return { name: team.name, endpoint: readStoredEndpoint(team.llmEndpoint) };
}

export async function getTeamLlmEndpoint(db: Db, access: TeamAccess, teamId: string): Promise<LlmEndpointOut> {
  requireRole(access, teamId, "viewer", NO_TEAM);
  return present((await current(db, teamId)).endpoint);
}

/** Sets the team's endpoint (the whole of it: a field left out is none). */
export async function putTeamLlmEndpoint(db: Db, access: TeamAccess, teamId: string, input: LlmEndpointPut, options: SaveOptions = {}): Promise<LlmEndpointOut> {
  requireRole(access, teamId, "admin", NO_TEAM);
  // The same guard as an http job's URL: a team may not point workers at the private network.
  try {
    await checkTarget(new URL(input.url), { policy: options.policy ?? defaultNetworkPolicy(), resolve: options.resolve, dnsTimeoutMs: options.dnsTimeoutMs });
  } catch (err) {
    if (err instanceof EntrypointError) throw validationError({ url: err.message });
    throw err;
  }
  const endpoint: TeamLlmEndpoint = { url: input.url };
  if (input.model) endpoint.model = input.model;
  if (input.apiKey) {
    const name = apiKeySecretName(input.apiKey)!; // the schema checked it is a reference
    if (!(await teamSecretNames(db, teamId)).has(name)) {
      throw validationError({ apiKey: `this team has no secret named "${name}": add it under Team settings, Secrets, then refer to it here` });
    }
    endpoint.apiKey = secretRef(name);
  }
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true, llmEndpoint: true } });
    if (!team) throw new ApiError("not_found", NO_TEAM);
    await tx.team.update({ where: { id: teamId }, data: { llmEndpoint: endpoint as Prisma.InputJsonValue } });
    const changes = changesOf(auditView(readStoredEndpoint(team.llmEndpoint)), auditView(endpoint), FIELDS);
    await recordAudit(tx, access.actor, { teamId, action: "team.llm_endpoint_changed", target: { type: "team", id: teamId, name: team.name }, changes });
  });
  return present(endpoint);
}

/** Removes the team's endpoint: its llm jobs use the operator's again. Idempotent. */
export async function deleteTeamLlmEndpoint(db: Db, access: TeamAccess, teamId: string): Promise<void> {
  requireRole(access, teamId, "admin", NO_TEAM);
  await db.$transaction(async (tx) => {
    const team = await tx.team.findUnique({ where: { id: teamId }, select: { name: true, llmEndpoint: true } });
    if (!team) throw new ApiError("not_found", NO_TEAM);
    if (team.llmEndpoint === null) return;
    await tx.team.update({ where: { id: teamId }, data: { llmEndpoint: Prisma.DbNull } });
    const changes = changesOf(auditView(readStoredEndpoint(team.llmEndpoint)), auditView(null), FIELDS);
    await recordAudit(tx, access.actor, { teamId, action: "team.llm_endpoint_changed", target: { type: "team", id: teamId, name: team.name }, changes });
  });
}
