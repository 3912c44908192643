// The names of a team's secrets: what a schedule's `{{secrets.NAME}}` references are checked against.
import type { Db } from "../db/client";

export async function teamSecretNames(db: Db, teamId: string): Promise<Set<string>> {
  const rows = await db.teamSecret.findMany({ where: { teamId }, select: { name: true } });
  return new Set(rows.map((r) => r.name));
}
