// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm). The CLI's
// native engine cannot be downloaded offline; this one ships inside an npm package. We use it
// to write migrations (schema diffs) and to check that our own migration runner leaves the
// database in the state Prisma itself expects.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { listMigrations } from "../../lib/db/migrate";
import { renderSchema, type Provider } from "../../lib/db/schema-source";

let loaded: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

export type OpenEngine = { engine: SchemaEngine; close: () => Promise<void> };

/**
 * A schema engine bound to a database: SQLite at `url` (a file path, or ":memory:" for pure
 * diffs) or PostgreSQL at a `postgresql://` URL. `close()` frees the engine and its connections:
 * the engine does not release them itself, and an open one would hold SQLite's lock and
 * Prisma's PostgreSQL advisory lock.
 */
export async function openSchemaEngine(provider: Provider, url: string, schemaFile: { path: string; content: string }): Promise<OpenEngine> {
  await loadWasm();
  const factory =
    provider === "sqlite"
      ? new PrismaBetterSqlite3({ url: url.replace(/^file:/, "") })
      : new PrismaPg({ connectionString: url });
  const opened: { dispose: () => Promise<void> }[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = await factory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const logs: string[] = [];
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaFile.path, schemaFile.content]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      for (const adapter of opened) await adapter.dispose();
    },
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The SQL that takes a database from schema `from` (or nothing) to schema `to`. */
export async function diffSchemas(provider: Provider, from: string | null, to: string): Promise<string> {
  const file = { path: "schema.prisma", content: to };
  // A diff between two datamodels reads no tables, but the PostgreSQL engine insists on a live
  // connection to learn the server version: any reachable server will do.
  const url = provider === "sqlite" ? ":memory:" : postgresForDiffs();
  const { engine, close } = await openSchemaEngine(provider, url, file);
  try {
    const result = await engine.diff({
      from: from === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [file] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return result.stdout ?? "";
  } finally {
    await close();
  }
}

/** A PostgreSQL server to connect to while diffing (it is only asked for its version). */
export function postgresForDiffs(): string {
  const fromEnv = [process.env.DATABASE_URL, process.env.TEST_DATABASE_URL].find((u) => u && /^postgres(ql)?:/.test(u));
  return fromEnv ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

/**
 * Applies the committed migrations with Prisma's own engine (what `prisma migrate deploy` does);
 * returns the names it applied. Used by tests to prove our runner and Prisma agree on the history.
 */
export async function applyWithPrisma(provider: Provider, url: string, migrationsRoot: string): Promise<string[]> {
  const dir = path.join(migrationsRoot, provider);
  const { engine, close } = await openSchemaEngine(provider, url, { path: "schema.prisma", content: renderSchema(provider) });
  try {
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: dir,
        lockfile: { path: "migration_lock.toml", content: readFileSync(path.join(dir, "migration_lock.toml"), "utf8") },
        shadowDbInitScript: "",
        migrationDirectories: listMigrations(provider, migrationsRoot).map((m) => ({
          path: m.name,
          migrationFile: { path: "migration.sql", content: { tag: "ok", value: m.sql } },
        })),
      },
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}
