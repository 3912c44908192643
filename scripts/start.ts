// npm start: migrate, build when needed, then run the web app and the worker together.
import path from "node:path";
import { ROOT } from "../lib/db/schema-source";
import { ensureBuilt } from "./lib/build";
import { runTogether } from "./lib/processes";
import { prepare } from "./lib/prepare";
import { bundleWorker, workerEnv } from "./lib/worker-bundle";

const config = await prepare();
ensureBuilt();
const worker = await bundleWorker();

const env = { ...process.env, NODE_ENV: "production" as const, ALMANAC_SKIP_MIGRATE: "1", NEXT_TELEMETRY_DISABLED: "1" };
console.log(`almanac: web app on http://localhost:${config.PORT} and a worker; Ctrl-C stops both`);
runTogether([
  { name: "web", command: process.execPath, args: [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(config.PORT)], env },
  { name: "worker", command: process.execPath, args: [worker], env: workerEnv(env) },
]);
