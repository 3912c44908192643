// How composing gives up: a refusal thrown from deep inside the field rules and caught once, in
// compose(), where it becomes the parser's { ok: false, reason, suggestion }.
import type { Refusal } from "./clauses";

export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

export function fail(reason: string, suggestion?: string): never {
  throw new Refused({ reason, ...(suggestion ? { suggestion } : {}) });
}
