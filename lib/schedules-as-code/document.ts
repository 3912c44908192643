// Schedules as code: a team's schedules as one YAML or JSON document, keyed by name, with the
// fields the REST API uses (lib/validation/schedules.ts). Export writes every field, so a
// document applied back changes nothing; apply (./apply.ts) reads it with line numbers for errors.
import { isMap, isScalar, LineCounter, parseDocument, stringify, type Document } from "yaml";
import { z } from "zod";
import { scheduleCreateSchema, teamIdSchema } from "../validation/schedules";

export const DOCUMENT_VERSION = 1;
export const DOCUMENT_FORMATS = ["yaml", "json"] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

/** One schedule of a document: a create's fields without teamId and name (the name is its key). */
export const documentScheduleSchema = scheduleCreateSchema.omit({ teamId: true, name: true }).meta({ id: "DocumentSchedule" });
export type DocumentSchedule = z.output<typeof documentScheduleSchema>;

const scheduleNameSchema = scheduleCreateSchema.shape.name;

export const schedulesDocumentSchema = z
  .strictObject({
    version: z.literal(DOCUMENT_VERSION, { error: `version must be ${DOCUMENT_VERSION}` }),
    team: z.string().optional().meta({ description: "The team's name when exported: informational, apply goes to the team it is sent for" }),
    schedules: z
      .record(z.string(), documentScheduleSchema, { error: "schedules must be a map of schedule name to schedule" })
      .meta({ description: "The team's schedules by name; a field left out takes the default a create gives it (alerts left out: unchanged, or the team's defaults for a new schedule)" }),
  })
  .meta({ id: "SchedulesDocument", title: "Almanac schedules document" });

/** The document's JSON Schema (draft 2020-12), as a client writes it. */
export function documentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(schedulesDocumentSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** What the export writes: every field, in this order. */
export type ExportedSchedule = {
  description: string | null;
  cronExpression: string;
  timezone: string;
  isEnabled: boolean;
  entrypoint: string;
  payload: unknown;
  overlapPolicy: string;
  misfirePolicy: string;
  timeoutSeconds: number;
  maxRetries: number;
  retryDelaySeconds: number;
  alerts: unknown;
};

/** The document text; `schedules` in the order given (export passes them by name). */
export function writeDocument(format: DocumentFormat, team: string | undefined, schedules: [string, ExportedSchedule][]): string {
  const doc = { version: DOCUMENT_VERSION, ...(team === undefined ? {} : { team }), schedules: new Map(schedules) };
  if (format === "json") return JSON.stringify({ ...doc, schedules: Object.fromEntries(schedules) }, null, 2) + "\n";
  // lineWidth 0: no folding, so a long value stays on its line and a diff stays small.
  return stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A problem with the document; `name` is the schedule it is in, `line` is 1-based. */
export type DocumentError = { name?: string; line?: number; field?: string; message: string };

/**
 * A document read: its schedules that passed the schema, and the errors of those that did not
 * (ok: false when the document as a whole could not be read: nothing in it is usable).
 */
export type ParsedDocument =
  | { ok: true; schedules: [string, DocumentSchedule][]; errors: DocumentError[]; lineOf: (path: PropertyKey[]) => number | undefined }
  | { ok: false; errors: DocumentError[] };

/**
 * Reads the document text. JSON is read by JSON.parse first (JSON's own rules), then by the YAML
 * parser (YAML is a superset of JSON) for the line of each node. Each schedule is checked on its
 * own, so one bad schedule does not hide another's.
 */
export function parseDocumentText(format: DocumentFormat, content: string): ParsedDocument {
  if (format === "json") {
    try {
      JSON.parse(content);
    } catch (err) {
      return { ok: false, errors: [{ message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(content, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) return { ok: false, errors: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: e.message.split("\n")[0] })) };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { ok: false, errors: [{ message: (err as Error).message }] };
  }
  const lineOf = (path: PropertyKey[]) => nodeLine(doc, path, lineAt);

  const errors: DocumentError[] = [];
  const top = schedulesDocumentSchema.extend({ schedules: z.record(z.string(), z.unknown(), { error: "schedules must be a map of schedule name to schedule" }) }).safeParse(raw);
  if (!top.success) {
    for (const issue of top.error.issues) errors.push(issueError(issue, [], lineOf));
    return { ok: false, errors };
  }
  const schedules: [string, DocumentSchedule][] = [];
  for (const [name, value] of Object.entries(top.data.schedules)) {
    const at = ["schedules", name];
    const named = scheduleNameSchema.safeParse(name);
    if (!named.success || named.data !== name) {
      errors.push({ name, line: lineOf(at), field: "name", message: named.success ? "name must not start or end with spaces" : named.error.issues[0].message });
      continue;
    }
    const parsed = documentScheduleSchema.safeParse(value ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ name, ...issueError(issue, at, lineOf) });
      continue;
    }
    schedules.push([name, parsed.data]);
  }
  return { ok: true, schedules, errors, lineOf };
}

/** A zod issue as an error: its field path (from the schedule), its message, and its line. */
function issueError(issue: z.core.$ZodIssue, at: string[], lineOf: (path: PropertyKey[]) => number | undefined): DocumentError {
  const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0]] : issue.path;
  const message = issue.code === "unrecognized_keys" ? `unknown field "${issue.keys[0]}"` : issue.message;
  return { line: lineOf([...at, ...path]), ...(path.length ? { field: path.map(String).join(".") } : {}), message };
}

/** The line of the node at `path`, or of the nearest node above it that is in the document. */
function nodeLine(doc: Document, path: PropertyKey[], lineAt: (offset: number) => number): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const keyPath = path.slice(0, n);
    // A key's own line: the value of a mapping may start on the next line.
    const parent = n === 0 ? doc.contents : doc.getIn(keyPath.slice(0, -1), true);
    if (n > 0 && isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === keyPath[n - 1] || String(isScalar(p.key) ? p.key.value : p.key) === String(keyPath[n - 1]));
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return lineAt(range[0]);
    }
    const node = n === 0 ? doc.contents : doc.getIn(keyPath, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineAt(range[0]);
  }
  return undefined;
}

/** POST /api/v1/schedules/apply takes a body of at most this (a document of many schedules is larger than other bodies). */
export const APPLY_BODY_MAX_BYTES = 2 * 1024 * 1024;

export const exportQuerySchema = z.strictObject({
  teamId: teamIdSchema.optional().meta({ description: "The team (by default the team of a team-bound token, else your personal team)" }),
  format: z.enum(DOCUMENT_FORMATS, { error: "format must be yaml or json" }).default("yaml"),
});

export const applyBodySchema = z
  .strictObject({
    teamId: teamIdSchema.optional().meta({ description: "The team (by default the team of a team-bound token, else your personal team)" }),
    format: z.enum(DOCUMENT_FORMATS, { error: "format must be yaml or json" }).default("yaml"),
    content: z.string({ error: "content must be the document's text" }).meta({ description: "The document, as text in `format`" }),
    prune: z.boolean({ error: "prune must be true or false" }).default(false).meta({ description: "Delete the team's schedules the document does not name" }),
    dryRun: z.boolean({ error: "dryRun must be true or false" }).default(false).meta({ description: "Answer the plan and write nothing" }),
  })
  .meta({ id: "ScheduleApply" });

const documentErrorSchema = z.object({ name: z.string().optional(), line: z.int().optional().meta({ description: "1-based line in content" }), field: z.string().optional(), message: z.string() });

export const applyResultSchema = z
  .object({
    created: z.array(z.string()),
    updated: z.array(z.object({ name: z.string(), changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).meta({ description: "Each changed field, from and to (payloads masked as the API shows them)" }) })),
    deleted: z.array(z.string()),
    unchanged: z.int(),
    errors: z.array(documentErrorSchema).meta({ description: "Empty on 200; on 400/403, every problem found (nothing was written)" }),
  })
  .meta({ id: "ScheduleApplyResult" });
