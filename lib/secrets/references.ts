// `{{secrets.NAME}}`: how a job's payload names a team secret. The payload stores the reference,
// never the value; a worker fills it in at execution (lib/secrets/resolve.ts) and redacts the
// value from everything the run records (Redactor below). No database or key here: the API, the
// UI and the worker all use this module.
import type { JsonValue } from "../entrypoints/types";

/** A secret's name: a letter or _, then letters, digits and _, like an environment variable. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const SECRET_NAME_RULE = "a letter or _, then letters, digits or _ (at most 64), like an environment variable";

// Spaces inside the braces are allowed: {{ secrets.NAME }}.
const REFERENCE = /\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g;

/** The secret names `text` refers to, in order, each once. */
export function secretRefs(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((m) => m[1]))];
}

/** Whether `text` mentions `{{secrets.` at all (a malformed reference included). */
export function mentionsSecrets(text: string): boolean {
  return /\{\{\s*secrets\./.test(text);
}

/** `text` with each reference replaced by `valueOf(name)`. */
export function fillSecrets(text: string, valueOf: (name: string) => string): string {
  return text.replace(REFERENCE, (_, name: string) => valueOf(name));
}

/** A reference as a payload writes it. */
export const secretRef = (name: string) => `{{secrets.${name}}}`;

export type FoundRef = { path: string; name: string };

/** Every reference in the strings (and object keys) of a JSON value, with the dotted path of the string it is in. */
export function refsInJson(value: unknown, path = ""): FoundRef[] {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (typeof value === "string") return secretRefs(value).map((name) => ({ path, name }));
  if (Array.isArray(value)) return value.flatMap((item, i) => refsInJson(item, at(i)));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => [...secretRefs(k).map((name) => ({ path: at(k), name })), ...refsInJson(v, at(k))]);
  }
  return [];
}

/** A JSON value with every string (and object key) passed through `fn`. */
export function mapStrings(value: unknown, fn: (s: string) => string): JsonValue {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === "object") {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[fn(k)] = mapStrings(v, fn);
    return out;
  }
  return value as JsonValue;
}

/** What a secret's value is replaced with wherever a run could record it. */
export const redacted = (name: string) => `[secret ${name}]`;

/**
 * Replaces the values of the secrets a run used with `[secret NAME]`: in its result, error,
 * output and log lines. Longer values first, so a value that contains another is hidden whole.
 */
export class Redactor {
  private readonly values = new Map<string, string>();
  private ordered: [string, string][] = [];

  /** Hides `value` from now on, as `[secret <label>]`. */
  add(label: string, value: string): void {
    if (!value || this.values.get(value) === label) return;
    this.values.set(value, label);
    this.ordered = [...this.values].sort((a, b) => b[0].length - a[0].length);
  }

  get empty(): boolean {
    return this.values.size === 0;
  }

  redact(text: string): string {
    if (this.ordered.length === 0 || !text) return text;
    let out = text;
    for (const [value, label] of this.ordered) if (out.includes(value)) out = out.split(value).join(redacted(label));
    return out;
  }

  redactJson(value: unknown): JsonValue {
    return this.ordered.length === 0 ? (value as JsonValue) : mapStrings(value, (s) => this.redact(s));
  }

  /**
   * For text that arrives in pieces (a process's output): how much of `buffered` can be passed on
   * now. The rest, kept for the next piece, is the longest ending that could be the start of a
   * value, so that a value split across two pieces is still hidden whole.
   */
  safeLength(buffered: string): number {
    let keep = 0;
    for (const [value] of this.ordered) {
      for (let k = Math.min(value.length - 1, buffered.length); k > keep; k--) {
        if (buffered.endsWith(value.slice(0, k))) {
          keep = k;
          break;
        }
      }
    }
    return buffered.length - keep;
  }
}
