// "Build when needed" for `npm start`: the production build is redone only when the sources it
// was made from changed (a hash of them is kept beside the build).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../lib/db/schema-source";

const INPUT_DIRS = ["app", "components", "lib", "public"];
const INPUT_FILES = ["next.config.ts", "proxy.ts", "instrumentation-client.ts", "tailwind.config.ts", "postcss.config.mjs", "package.json", "package-lock.json", "tsconfig.json", "prisma/schema.prisma"];
const SKIP = new Set(["generated", "node_modules", ".next"]);
const HASH_FILE = path.join(ROOT, ".next", "almanac-source.sha256");

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  const files = [...INPUT_DIRS.flatMap((d) => [...walk(path.join(ROOT, d))]), ...INPUT_FILES.map((f) => path.join(ROOT, f))];
  for (const file of files) {
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    hash.update(path.relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

export function isBuildCurrent(): boolean {
  return existsSync(path.join(ROOT, ".next", "BUILD_ID")) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, "utf8") === sourceHash();
}

/** Runs `next build` unless the existing build matches the sources; returns whether it built. */
export function ensureBuilt(log: (line: string) => void = console.log): boolean {
  if (isBuildCurrent()) return false;
  log("building the web app (first start or sources changed; about a minute)...");
  const hash = sourceHash();
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(HASH_FILE, hash);
  return true;
}
