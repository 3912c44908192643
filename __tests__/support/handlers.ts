// Calling route handlers in-process, the way Next.js does: a Request and a context whose params
// are a Promise. The database is the one the environment names, so each test file sets
// DATABASE_URL and DATA_DIR (useDatabase) before the first request.
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { createDb, type Db } from "../../lib/db/client";
import type { DbTarget } from "../../lib/db/target";
import { createApiToken } from "../../lib/auth/api-tokens";
import { tempDir, unique } from "./databases";
import type { Json } from "./http";

export const BASE = "http://localhost:3000";

/** Points this test file's process at `target` (migrated) and returns a client for assertions. */
export async function useDatabase(target: DbTarget): Promise<Db> {
  process.env.DATA_DIR = tempDir("almanac-handlers");
  process.env.DATABASE_URL = target.url;
  await migrate(target);
  return createDb(target);
}

export function sqliteFor(label: string): DbTarget {
  const file = path.join(tempDir(label), "almanac.db");
  return { provider: "sqlite", file, url: `file:${file}` };
}

/** A new user with an API token; returns the Authorization header value. */
export async function newUser(db: Db): Promise<{ id: string; auth: string }> {
  const user = await db.user.create({ data: { email: `${unique("h")}@example.com`, passwordHash: "x" } });
  const { token } = await createApiToken(db, user.id, { name: "test" });
  return { id: user.id, auth: `Bearer ${token}` };
}

export async function invoke<P extends Record<string, string>>(
  handler: (request: Request, context: { params: Promise<P> }) => Promise<Response>,
  method: string,
  url: string,
  opts: { auth?: string; body?: unknown; raw?: string; params?: P; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth) headers.authorization = opts.auth;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const request = new Request(BASE + url, { method, headers, body });
  const response = await handler(request, { params: Promise.resolve(opts.params ?? ({} as P)) });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {}, headers: response.headers };
}
