// Team secrets in payloads: checked when a schedule is saved, filled in when a worker runs it.
// The stored payload keeps the `{{secrets.NAME}}` references; only a worker, at execution, reads
// the values (RunContext.secret), and that also hides them from everything the run records.
import type { EntrypointSpec, RunContext } from "../entrypoints/types";
import { fillSecrets, mapStrings, refsInJson, secretRef } from "./references";

/** A reference the payload may not hold: where it is and why. */
export type RefProblem = { field: string; message: string };

const listNames = (names: Iterable<string>) => [...names].sort().join(", ");

/**
 * The first problem with the secret references in a submitted payload: one outside the fields
 * the job type fills in, or one naming a secret the team does not have. `teamSecrets` is asked
 * only when the payload has references.
 */
export async function checkSecretRefs(spec: Pick<EntrypointSpec, "key" | "secretFields">, payload: unknown, teamSecrets: () => Promise<Set<string>>): Promise<RefProblem | null> {
  const refs = refsInJson(payload);
  if (refs.length === 0) return null;
  const allowed = spec.secretFields ?? [];
  for (const { path, name } of refs) {
    if (!allowed.includes(path.split(".")[0])) {
      const where = allowed.length ? `only in ${listNames(allowed)}` : "not in this job type's settings";
      return { field: path, message: `${secretRef(name)}: team secrets can be used ${where} (${spec.key} jobs)` };
    }
  }
  const names = await teamSecrets();
  for (const { path, name } of refs) {
    if (!names.has(name)) {
      const have = names.size ? `this team's secrets are: ${listNames(names)}` : "this team has no secrets yet (add them under Settings → Team → Secrets)";
      return { field: path, message: `unknown secret "${name}": ${have}` };
    }
  }
  return null;
}

/**
 * The payload with its references filled in, each secret read once through `ctx.secret` (which
 * rejects for a name the team no longer has). A payload without references comes back as is.
 */
export async function fillPayloadSecrets<P>(payload: P, ctx: Pick<RunContext, "secret">): Promise<P> {
  const refs = refsInJson(payload);
  if (refs.length === 0) return payload;
  const values = new Map<string, string>();
  for (const { name } of refs) if (!values.has(name)) values.set(name, await ctx.secret(name));
  return mapStrings(payload, (s) => fillSecrets(s, (name) => values.get(name)!)) as P;
}
