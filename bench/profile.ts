// npm run bench:profile -- <endpoint> [--db sqlite|postgresql] [--seconds N]: where one endpoint's
// server time goes. Seeds bench:api's data, starts `next start` with --cpu-prof, drives the
// endpoint at 20 connections for N seconds (after a 2 s warm-up), stops the server and prints its
// self time by module and by function. The .cpuprofile file is kept (it opens in Chrome's
// DevTools, Performance panel). Endpoints: floor, list, smallList, deepList, runs, get, pair,
// page, pageFloor (bench/api/endpoints.ts). The server's startup is in the profile too (module
// loading, `transformSync`): compare endpoints, not totals.
// A build made with `experimental.serverMinification: false` in next.config.ts names the app's own
// functions instead of their minified names.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget, type DbTarget } from "../lib/db/target";
import { ensureBuilt } from "../scripts/lib/build";
import { createDatabase, dropDatabase } from "../__tests__/support/postgres";
import { tempDir } from "../__tests__/support/temp";
import { startServer } from "../__tests__/support/server";
import { summarizeProfile } from "./api/cpu-profile";
import { apiEndpoints, cursorAfter, DEEP_PAGES, signInToSchedules } from "./api/endpoints";
import { CONNECTIONS, load, pct } from "./api/load";
import { seed } from "./api/seed";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: "string", default: "sqlite" }, seconds: { type: "string", default: "10" } } });
const ENDPOINTS = ["floor", "list", "smallList", "deepList", "runs", "get", "pair", "page", "pageFloor"] as const;
const endpoint = positionals[0] as (typeof ENDPOINTS)[number];
if (!ENDPOINTS.includes(endpoint) || !["sqlite", "postgresql"].includes(values.db!)) {
  console.error(`usage: npm run bench:profile -- <${ENDPOINTS.join("|")}> [--db sqlite|postgresql] [--seconds N]`);
  process.exit(2);
}
const seconds = Number(values.seconds);

ensureBuilt();
const target: DbTarget = values.db === "postgresql" ? { provider: "postgresql", url: await createDatabase("bench-profile") } : sqliteTarget(path.join(tempDir("bench-profile"), "almanac.db"));
try {
  await migrate(target);
  const db = await createDb(target);
  const seeded = await seed(db);
  await db.$disconnect();
  const profiles = tempDir("bench-profile-cpu");
  const server = await startServer(target, {}, { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`] });
  try {
    const cookie = await signInToSchedules(server.url, seeded.email);
    const deepCursor = endpoint === "deepList" ? await cursorAfter(server.url, seeded.token, DEEP_PAGES) : "";
    const side = apiEndpoints(server.url, seeded, cookie, deepCursor)[endpoint];
    await load(server.pid, side.request, 2);
    const sample = await load(server.pid, side.request, seconds);
    const sorted = [...sample.latencies].sort((a, b) => a - b);
    console.log(`${side.name} on ${values.db}, ${CONNECTIONS} connections, ${seconds} s: ${Math.round(sorted.length / sample.seconds)} calls/s, p95 ${pct(sorted, 95).toFixed(1)} ms, ${sample.errors} errors, server CPU ${((sample.cpuSeconds * 1000) / sorted.length).toFixed(2)} ms a call`);
  } finally {
    await server.stop(); // the profile is written as the server exits
  }
  const [file] = readdirSync(profiles).filter((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile in ${profiles}`);
  console.log(`\n${path.join(profiles, file)}\n\n${summarizeProfile(path.join(profiles, file))}`);
} finally {
  if (target.provider === "postgresql") await dropDatabase(target.url);
}
process.exit(0);
