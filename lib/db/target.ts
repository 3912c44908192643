// Which database to use: DATABASE_URL when set, otherwise the embedded SQLite file under DATA_DIR.
import path from "node:path";
import type { Env } from "../env";

export type DbTarget =
  | { provider: "sqlite"; file: string; url: string }
  | { provider: "postgresql"; url: string };

export function resolveDbTarget(e: Pick<Env, "DATABASE_URL" | "dataDir">): DbTarget {
  const url = e.DATABASE_URL;
  if (!url) return sqliteTarget(path.join(e.dataDir, "almanac.db"));
  if (url.startsWith("file:")) {
    // file:./x.db is relative to the working directory; file:/abs/x.db is absolute.
    const raw = decodeURIComponent(url.slice("file:".length).replace(/^\/\/(?=\/)/, "").split("?")[0]);
    return sqliteTarget(path.resolve(raw));
  }
  return { provider: "postgresql", url };
}

export function sqliteTarget(file: string): DbTarget {
  return { provider: "sqlite", file, url: `file:${file}` };
}

/** The target with any password hidden, for logs. */
export function describeTarget(t: DbTarget): string {
  return t.provider === "sqlite" ? `SQLite ${t.file}` : `PostgreSQL ${t.url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@")}`;
}
