// The Prisma client for the configured database. Both providers' clients are generated from one
// schema and expose the same model API, so the rest of the code sees one type: `Db`.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/prisma/postgresql/client";
import { PrismaClient as SqliteClient } from "../generated/prisma/sqlite/client";
import { env } from "../env";
import { ensurePrivateFile } from "../private-files";
import { openReader, type Reader } from "./reader";
import { openWriter, type Writer } from "./writer";
import { resolveDbTarget, type DbTarget } from "./target";

export type Db = SqliteClient;
export { Prisma } from "../generated/prisma/sqlite/client";
export type { ApiToken, Run, Schedule, User, WorkerHeartbeat } from "../generated/prisma/sqlite/client";

// Prisma 7 holds even a batch `$transaction([...])` to 2 s for a connection and 5 s in all. On a
// busy machine a worker's group commit can take longer than that, and a transaction cut short
// is a run left "running": allow minutes, not seconds.
const transactionOptions = { maxWait: 30_000, timeout: 120_000 };

// Kept on globalThis: Next.js bundles this module once per route and page, and a client made in
// one bundle (getDb's, shared through globalThis below) is looked up from all of them.
const registry = ((globalThis as unknown as { almanacDbRegistry?: { targets: WeakMap<object, DbTarget>; readers: WeakMap<object, Reader>; writers?: WeakMap<object, Writer> } })
  .almanacDbRegistry ??= {
  targets: new WeakMap(),
  readers: new WeakMap(),
});
// `??=`: a registry made by an older bundle of this module in the same process (Next's dev reloads) has none yet.
const writers = (registry.writers ??= new WeakMap());
const { targets, readers } = registry;

// Connections a client's reader may open on PostgreSQL, beside Prisma's pool (pg's default of 10):
// enough for a web process on a few cores to have its reads in flight at once.
const READER_CONNECTIONS = 4;
// And its writer's (lib/db/writer.ts): each holds a connection only from BEGIN to COMMIT, a few statements.
const WRITER_CONNECTIONS = 2;

/** Which database a client talks to, for the few queries that differ (case-insensitive search). */
export function providerOf(db: Db): DbTarget["provider"] {
  return targets.get(db)?.provider ?? "sqlite";
}

/** The database a client made by createDb() talks to. */
export function targetOf(db: Db): DbTarget | undefined {
  return targets.get(db);
}

/**
 * The driver-level reader beside a client made by createDb() (lib/db/reader.ts), connected on
 * first use and closed by the client's `$disconnect()`; null for any other client (a transaction's).
 */
export function readerOf(db: Db): Reader | null {
  return readers.get(db) ?? null;
}

/** readerOf, for code that reads only through the reader: a transaction's client is a mistake there. */
export function readerFor(db: Db): Reader {
  const reader = readerOf(db);
  if (!reader) throw new Error("driver reads need a client made by createDb(), not a transaction's");
  return reader;
}

/**
 * The driver-level writer beside a client made by createDb() (lib/db/writer.ts), connected on
 * first use and closed by the client's `$disconnect()`; null for any other client (a transaction's).
 */
export function writerOf(db: Db): Writer | null {
  return writers.get(db) ?? null;
}

/** Registers `client` as talking to `target`, with a reader and a writer that its `$disconnect()` closes. */
function track(client: Db, target: DbTarget): Db {
  const reader = openReader(target, { connections: READER_CONNECTIONS });
  const writer = openWriter(target, { connections: WRITER_CONNECTIONS });
  const disconnect = client.$disconnect.bind(client);
  Object.assign(client, { $disconnect: async () => Promise.all([reader.close(), writer.close(), disconnect()]).then(() => undefined) });
  targets.set(client, target);
  readers.set(client, reader);
  writers.set(client, writer);
  return client;
}

/** A new client for `target`. The caller owns it and calls `$disconnect()`. */
export async function createDb(target: DbTarget): Promise<Db> {
  if (target.provider === "postgresql") {
    return track(new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }), transactionOptions }) as unknown as Db, target);
  }
  // The web app and the worker share this file: a 5 s busy timeout makes a writer wait its turn
  // instead of failing. WAL itself is set (and kept in the file) by the migration runner. A worker
  // started without migrating may be the first to open it: created 0600 then, not by the driver.
  ensurePrivateFile(target.file);
  const client = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: target.file, timeout: 5000 }), transactionOptions });
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  return track(client, target);
}

// One client per process, kept on globalThis so Next's dev reloads do not open a new pool each time.
const holder = globalThis as unknown as { almanacDb?: Promise<Db> };

/** The process-wide client for the database named by the environment. */
export function getDb(): Promise<Db> {
  holder.almanacDb ??= createDb(resolveDbTarget(env())).catch((err) => {
    holder.almanacDb = undefined; // let the next caller try again
    throw err;
  });
  return holder.almanacDb;
}
