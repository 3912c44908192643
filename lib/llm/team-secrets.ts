// Whether a team has a secret of a given name, for the apiKey reference of its model endpoint.
// (lib/secrets/ owns team secrets; this one query is all the endpoint needs of them.)
import type { Db } from "../db/client";

export async function teamSecretExists(db: Pick<Db, "teamSecret">, teamId: string, name: string): Promise<boolean> {
  const row = await db.teamSecret.findUnique({ where: { teamId_name: { teamId, name } }, select: { id: true } });
  return row !== null;
}
