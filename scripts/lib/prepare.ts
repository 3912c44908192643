// What `npm start`, `npm run dev` and `npm run worker` do before anything serves: validate the
// environment, create the data directory and secret, and bring the database up to date.
import { mkdirSync } from "node:fs";
import { ensureAuthSecret } from "../../lib/auth/secret";
import { migrate } from "../../lib/db/migrate";
import { describeTarget, resolveDbTarget } from "../../lib/db/target";
import { envOrExit, type Env } from "../../lib/env";

export async function prepare(): Promise<Env> {
  const config = envOrExit();
  mkdirSync(config.dataDir, { recursive: true });
  ensureAuthSecret(config);
  const target = resolveDbTarget(config);
  const applied = await migrate(target);
  console.log(`almanac: database ${describeTarget(target)}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
  return config;
}
