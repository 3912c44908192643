// A team's secrets: any member lists their names (who set each and when, never a value); admins
// add, replace and delete them. Values are stored sealed (seal.ts) and opened only by workers, at
// execution (resolve.ts). A secret still referred to by a schedule or the team's LLM endpoint
// cannot be deleted. Each change writes its audit row (the name, never the value) in its transaction.
import type { z } from "zod";
import { ApiError, isUniqueViolation, notFound, validationError, zodFields } from "../api/errors";
import { providerOf, type Db } from "../db/client";
import { isPrismaCode } from "../db/errors";
import { requireRole, type TeamAccess } from "../teams/access";
import { recordAudit, type Actor } from "../teams/audit";
import { secretCreateSchema, secretUpdateSchema, type SecretOut } from "../validation/secrets";
import { refsInJson, secretRef, SECRET_NAME_PATTERN } from "./references";
import { seal } from "./seal";

const NO_TEAM = "No such team";
const noSecret = (name: string) => notFound(`This team has no secret "${name}"`);
/** Deleted by another request between our read and our write (Prisma's "record not found"). */
const goneMeanwhile = (name: string) => (err: unknown) => {
  throw isPrismaCode(err, "P2025") ? noSecret(name) : err;
};
/** Schedules named in a refusal's message; its `schedules` field lists them all. */
const NAMED_IN_MESSAGE = 5;

type SecretRow = { name: string; createdAt: Date; updatedAt: Date; updatedBy: string | null };
const LISTED = { name: true, createdAt: true, updatedAt: true, updatedBy: true } as const;

function toSecretOut(row: SecretRow): SecretOut {
  return { name: row.name, reference: secretRef(row.name), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
}

/** Who the list names as having set a value: the email (a token's owner's), else the kind of actor. */
const setBy = (actor: Actor) => ({ updatedById: actor.id, updatedBy: actor.email ?? actor.type });

/** The input checked against `schema` (after the role check: a viewer learns nothing from a 400); a 400 naming each field. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

export async function listSecrets(db: Db, access: TeamAccess, teamId: string): Promise<{ items: SecretOut[] }> {
  requireRole(access, teamId, "viewer", NO_TEAM);
  const rows = await db.teamSecret.findMany({ where: { teamId }, select: LISTED, orderBy: { name: "asc" } });
  return { items: rows.map(toSecretOut) };
}

/** Adds a secret (admins): a 400 naming `name` or `value`, a 409 when the team has one by that name. */
export async function createSecret(db: Db, access: TeamAccess, teamId: string, input: unknown): Promise<SecretOut> {
  requireRole(access, teamId, "admin", NO_TEAM);
  const { name, value } = parse(secretCreateSchema, input);
  const row = await db
    .$transaction(async (tx) => {
      const row = await tx.teamSecret.create({ data: { teamId, name, value: seal(value), ...setBy(access.actor) }, select: { id: true, ...LISTED } });
      await recordAudit(tx, access.actor, { teamId, action: "secret.created", target: { type: "secret", id: row.id, name } });
      return row;
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new ApiError("conflict", `This team already has a secret "${name}": replace its value with PUT instead`, { name: "already used by another secret of this team" });
      throw err;
    });
  return toSecretOut(row);
}

/** Replaces a secret's value (admins). */
export async function replaceSecret(db: Db, access: TeamAccess, teamId: string, name: string, input: unknown): Promise<SecretOut> {
  requireRole(access, teamId, "admin", NO_TEAM);
  const { value } = parse(secretUpdateSchema, input);
  const row = await db.$transaction(async (tx) => {
    const found = await tx.teamSecret.findUnique({ where: { teamId_name: { teamId, name } }, select: { id: true } });
    if (!found) throw noSecret(name);
    const row = await tx.teamSecret.update({ where: { id: found.id }, data: { value: seal(value), ...setBy(access.actor) }, select: LISTED });
    await recordAudit(tx, access.actor, { teamId, action: "secret.updated", target: { type: "secret", id: found.id, name } });
    return row;
  }).catch(goneMeanwhile(name));
  return toSecretOut(row);
}

/** Deletes a secret (admins); a 409 listing what still uses it. */
export async function deleteSecret(db: Db, access: TeamAccess, teamId: string, name: string): Promise<void> {
  requireRole(access, teamId, "admin", NO_TEAM);
  const found = SECRET_NAME_PATTERN.test(name) ? await db.teamSecret.findUnique({ where: { teamId_name: { teamId, name } }, select: { id: true } }) : null;
  if (!found) throw noSecret(name);
  const [schedules, llmEndpoint] = await Promise.all([schedulesUsingSecret(db, teamId, name), llmEndpointUsesSecret(db, teamId, name)]);
  if (schedules.length || llmEndpoint) {
    const users = [
      ...(schedules.length ? [`${schedules.length === 1 ? "schedule" : `${schedules.length} schedules`} ${named(schedules)}`] : []),
      ...(llmEndpoint ? ["the team's LLM endpoint (its API key)"] : []),
    ];
    throw new ApiError("conflict", `The secret "${name}" is still used by ${users.join(" and ")}: stop using ${secretRef(name)} there first`, undefined, undefined, {
      schedules,
      llmEndpoint,
    });
  }
  await db
    .$transaction(async (tx) => {
      await tx.teamSecret.delete({ where: { id: found.id } });
      await recordAudit(tx, access.actor, { teamId, action: "secret.deleted", target: { type: "secret", id: found.id, name } });
    })
    .catch(goneMeanwhile(name));
}

function named(schedules: { name: string }[]): string {
  const shown = schedules.slice(0, NAMED_IN_MESSAGE).map((s) => `"${s.name}"`).join(", ");
  return schedules.length > NAMED_IN_MESSAGE ? `${shown} and ${schedules.length - NAMED_IN_MESSAGE} more` : shown;
}

/** The names of the team's secrets (for checking a payload's references when it is saved). */
export async function teamSecretNames(db: Db, teamId: string): Promise<Set<string>> {
  const rows = await db.teamSecret.findMany({ where: { teamId }, select: { name: true } });
  return new Set(rows.map((r) => r.name));
}

/** The team's schedules whose payload refers to `{{secrets.NAME}}`, by name. */
export async function schedulesUsingSecret(db: Db, teamId: string, name: string): Promise<{ id: string; name: string }[]> {
  // A LIKE on the payload's text narrows the rows (any mention of secrets.NAME, "_" matching any
  // character); refsInJson then keeps those that really refer to it.
  const pattern = `%secrets.${name}%`;
  const rows =
    providerOf(db) === "postgresql"
      ? await db.$queryRawUnsafe<{ id: string; name: string; payload: unknown }[]>(`SELECT "id", "name", "payload" FROM "Schedule" WHERE "teamId" = $1 AND "payload"::text LIKE $2 ORDER BY "name", "id"`, teamId, pattern)
      : await db.$queryRawUnsafe<{ id: string; name: string; payload: unknown }[]>(`SELECT "id", "name", "payload" FROM "Schedule" WHERE "teamId" = ? AND "payload" LIKE ? ORDER BY "name", "id"`, teamId, pattern);
  return rows
    .filter((r) => refsInJson(typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload).some((ref) => ref.name === name))
    .map((r) => ({ id: r.id, name: r.name }));
}

/** Whether the team's LLM endpoint (Team.llmEndpoint, its apiKey a reference) refers to the secret. */
export async function llmEndpointUsesSecret(db: Db, teamId: string, name: string): Promise<boolean> {
  const team = await db.team.findUnique({ where: { id: teamId }, select: { llmEndpoint: true } });
  return refsInJson(team?.llmEndpoint ?? null).some((ref) => ref.name === name);
}
