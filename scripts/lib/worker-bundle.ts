// The worker as one JavaScript file that plain Node runs. Under the tsx loader every worker
// process would carry a second thread for the loader's hooks and compile TypeScript as it starts
// (about 32 MB more resident memory, measured). Packages stay outside the bundle and are loaded
// from node_modules as usual (Prisma's generated client is our source and is bundled).
import path from "node:path";
import { readFile } from "node:fs/promises";
import { build, type Plugin } from "esbuild";
import { ROOT } from "../../lib/db/schema-source";

/**
 * Two folders below the project's root, like lib/db/schema-source.ts, which finds the root from
 * its own folder (import.meta.dirname): in the bundle that is the bundle's folder.
 */
const OUT_DIR = path.join(ROOT, ".almanac");

/**
 * Prisma's query compiler in its build made for size, not speed: a worker compiles few queries (it
 * batches its writes), and the small build keeps each worker about 30 MB smaller (measured with
 * 100,000 schedules). The web app keeps the fast build. The generated client names the build in
 * its imports and in the module name the WebAssembly expects, so its source is rewritten as it is
 * bundled.
 */
const smallQueryCompiler: Plugin = {
  name: "prisma-small-query-compiler",
  setup(b) {
    b.onLoad({ filter: /[\\/]lib[\\/]generated[\\/]prisma[\\/][a-z]+[\\/]internal[\\/]class\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replaceAll("query_compiler_fast_bg", "query_compiler_small_bg"),
      loader: "ts",
    }));
  },
};

/** Bundles `entry` (a path under the project's root) to .almanac/<name>/index.mjs; returns that path. */
export async function bundle(entry: string, name: string): Promise<string> {
  const outfile = path.join(OUT_DIR, name, "index.mjs");
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "warning",
    plugins: [smallQueryCompiler],
  });
  return outfile;
}

/**
 * The environment a worker process starts with: its threads share two malloc arenas instead of
 * glibc's default of eight per core, which keeps a worker with 100,000 schedules about 10 to 20 MB
 * smaller (measured). An operator's own MALLOC_ARENA_MAX wins. package.json's "worker" script
 * sets the same default in its command line.
 */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? "2" };
}

/** Where the worker's bundle is written (package.json's "worker" script names it too). */
export const WORKER_BUNDLE = path.join(OUT_DIR, "worker", "index.mjs");

/** The worker (worker/index.ts), bundled now: well under a second. */
export const bundleWorker = () => bundle("worker/index.ts", "worker");
