// npm run dev: migrate, then the Next.js dev server (hot reload) and a worker together.
import path from "node:path";
import { ROOT } from "../lib/db/schema-source";
import { runTogether } from "./lib/processes";
import { prepare } from "./lib/prepare";

const config = await prepare();
const env = { ...process.env, ALMANAC_SKIP_MIGRATE: "1", NEXT_TELEMETRY_DISABLED: "1" };
runTogether([
  { name: "web", command: process.execPath, args: [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", String(config.PORT)], env },
  { name: "worker", command: process.execPath, args: ["--import", "tsx", path.join(ROOT, "worker/index.ts")], env },
]);
