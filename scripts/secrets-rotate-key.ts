// npm run secrets:rotate-key [-- --new-key <key>]: seal every team secret and http secret header
// under a new key, then make it the current one (lib/secrets/rotate.ts; docs/secrets.md).
// With the key in DATA_DIR the new key is made here; with SECRETS_KEY set, give the new one with
// --new-key or SECRETS_NEW_KEY, then set it as SECRETS_KEY in every process.
import { parseArgs } from "node:util";
import { migrate } from "../lib/db/migrate";
import { describeTarget, resolveDbTarget } from "../lib/db/target";
import { envOrExit } from "../lib/env";
import { rotateSecretsKey } from "../lib/secrets/rotate";

const { values } = parseArgs({ options: { "new-key": { type: "string" } } });
const config = envOrExit();
const target = resolveDbTarget(config);
await migrate(target);
try {
  const result = await rotateSecretsKey(target, config, values["new-key"] ?? (process.env.SECRETS_NEW_KEY || undefined));
  console.log(`almanac: database ${describeTarget(target)}: secrets key ${result.from} -> ${result.to}; ${result.secrets} team secrets and ${result.headers} schedules' secret headers sealed again`);
  for (const line of result.instructions) console.log(line);
} catch (err) {
  console.error(`almanac: the key was not rotated: ${(err as Error).message}`);
  process.exit(1);
}
