// Declarative apply: a document (./document.ts) says what a team's schedules should be; apply
// works out the plan against the schedules there now (by name) and writes it all in one
// transaction, or nothing. Each schedule goes through the API's own checks (prepareSchedule,
// prepareUpdate in lib/schedules/schedules.ts: job types, payloads, secret references, the shell
// role, alert channels) and its change is written with its audit row (the schedule limit is
// checked by the inserts, as a create does).
import { ApiError } from "../api/errors";
import type { Db, Prisma } from "../db/client";
import { presentPayload } from "../entrypoints/registry";
import {
  BULK_TRANSACTION_MS,
  defaultPayload,
  insertSchedule,
  nameTaken,
  prepareSchedule,
  prepareUpdate,
  removeSchedule,
  scheduleLimit,
  writeUpdate,
  type PreparedSchedule,
} from "../schedules/schedules";
import type { ScheduleRow } from "../schedules/serialize";
import { requireRole, type TeamAccess } from "../teams/access";
import type { Changes } from "../teams/audit";
import { parseDocumentText, type DocumentError, type DocumentFormat, type DocumentSchedule } from "./document";

export type ApplyRequest = { teamId?: string; format: DocumentFormat; content: string; prune: boolean; dryRun: boolean };

/** The plan (what was written, or with dryRun what would be), or the errors that stopped it. */
export type ApplyResult = {
  created: string[];
  updated: { name: string; changes: Changes }[];
  deleted: string[];
  unchanged: number;
  errors: DocumentError[];
};

/** 200: planned (and written unless dryRun); 400: errors, nothing written; 403: as 400, and one of the errors is a role too low. */
export type ApplyOutcome = { status: 200 | 400 | 403; result: ApplyResult };

type Update = { name: string; current: ScheduleRow; data: Prisma.ScheduleUpdateManyMutationInput; changes: Changes };

/** JSON with keys sorted: PostgreSQL's jsonb keeps its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export async function applyDocument(db: Db, access: TeamAccess, request: ApplyRequest, now = new Date()): Promise<ApplyOutcome> {
  const teamId = request.teamId ?? access.defaultTeamId;
  requireRole(access, teamId, "editor", "No such team");
  const parsed = parseDocumentText(request.format, request.content);
  if (!parsed.ok) return { status: 400, result: { created: [], updated: [], deleted: [], unchanged: 0, errors: parsed.errors } };
  // The schedules that passed the schema still get the API's checks: every error in one answer.
  const result: ApplyResult = { created: [], updated: [], deleted: [], unchanged: 0, errors: [...parsed.errors] };

  const rows = await db.schedule.findMany({ where: { teamId } });
  const byName = new Map(rows.map((r) => [r.name, r]));
  const creates: PreparedSchedule[] = [];
  const updates: Update[] = [];
  let forbidden = false;

  for (const [name, entry] of parsed.schedules) {
    try {
      const current = byName.get(name);
      if (current) {
        const update = await planUpdate(db, access, current, entry, now);
        if (Object.keys(update.changes).length === 0) result.unchanged++;
        else updates.push({ name, current, ...update });
      } else {
        creates.push(await prepareSchedule(db, access, { ...entry, teamId, name }, now));
      }
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== "validation_error" && err.code !== "forbidden")) throw err;
      forbidden ||= err.code === "forbidden";
      const fields = err.fields ?? { [err.code === "forbidden" ? "entrypoint" : ""]: err.message };
      for (const [field, message] of Object.entries(fields)) {
        const at = field ? field.split(".") : [];
        result.errors.push({ name, line: parsed.lineOf(["schedules", name, ...at]), ...(field ? { field } : {}), message });
      }
    }
  }

  if (result.errors.length > 0) {
    // Sorted by line, as an editor shows them.
    result.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { status: forbidden ? 403 : 400, result };
  }
  const named = new Set(parsed.schedules.map(([name]) => name));
  const deletes = request.prune ? rows.filter((r) => !named.has(r.name)).sort((a, b) => (a.name < b.name ? -1 : 1)) : [];
  result.created = creates.map((c) => String(c.data.name));
  result.updated = updates.map(({ name, changes }) => ({ name, changes }));
  result.deleted = deletes.map((r) => r.name);
  if (request.dryRun || creates.length + updates.length + deletes.length === 0) return { status: 200, result };

  // Deletes first: a pruned schedule's place under the schedule limit is free for a new one.
  const limit = scheduleLimit();
  await db
    .$transaction(async (tx) => {
      for (const row of deletes) await removeSchedule(tx, access, row);
      for (const u of updates) {
        if (!(await writeUpdate(tx, access, u.current, u.data, u.changes, now))) {
          throw new ApiError("conflict", `Schedule "${u.name}" changed while this document was being applied; nothing was written: apply it again`);
        }
      }
      for (const c of creates) await insertSchedule(tx, access, c, limit);
    }, { timeout: BULK_TRANSACTION_MS, maxWait: BULK_TRANSACTION_MS })
    .catch(nameTaken);
  return { status: 200, result };
}

/**
 * The update that makes `current` what the document says. A field left out takes the default a
 * create gives it (description none, the default payload), except alerts: left out, unchanged.
 * A payload that differs from the one shown is registered as a PATCH would and compared as stored
 * (a masked secret sent back keeps the saved one, so it is unchanged; a new secret value is a
 * change even when its mask is the same); changes show payloads masked.
 */
async function planUpdate(db: Db, access: TeamAccess, current: ScheduleRow, entry: DocumentSchedule, now: Date): Promise<Omit<Update, "name" | "current">> {
  const payload = entry.payload ?? defaultPayload(entry.entrypoint, current.name);
  // A payload written as the API shows the stored one is left alone, not registered again: an
  // unchanged schedule is not refused for what changed around it since (an llm job's endpoint).
  const same = entry.entrypoint === current.entrypoint && canonical(payload) === canonical(presentPayload(current.entrypoint, current.payload));
  const input = { ...entry, description: entry.description ?? null, payload: same ? undefined : payload };
  const { data, changes } = await prepareUpdate(db, access, current, input, now);
  if (data.payload !== undefined && !changes.payload && canonical(data.payload) !== canonical(current.payload)) {
    changes.payload = { from: presentPayload(current.entrypoint, current.payload), to: presentPayload(entry.entrypoint, data.payload) };
  }
  return { data, changes };
}
