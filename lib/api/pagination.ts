// Opaque cursors for keyset pagination: the sort key of the last item of a page, base64url JSON.
import { validationError } from "./errors";

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The key in `cursor`, checked to be `length` strings; a 400 naming the cursor otherwise. */
export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === "string")) return key as string[];
  } catch {
    // fall through
  }
  throw validationError({ cursor: "invalid cursor: pass nextCursor from the previous page unchanged" });
}

/** Splits a page fetched with limit + 1 rows into the page and the cursor for the next one. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(keyOf(page[page.length - 1])) : null;
  return { page, nextCursor };
}

/**
 * The first `take` rows of several keyset pages (one per team, each already in `compare`'s
 * order and cut at `take`), in that order: each team's index is walked for its own page, so a
 * page costs the same whatever the teams' sizes.
 */
export function mergedPages<T>(pages: T[][], compare: (a: T, b: T) => number, take: number): T[] {
  return pages.length === 1 ? pages[0] : pages.flat().sort(compare).slice(0, take);
}
