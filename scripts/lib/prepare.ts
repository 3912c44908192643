// What `npm start`, `npm run dev` and `npm run worker` do before anything serves: validate the
// environment, create the data directory and secret, and bring the database up to date.
import { ensureAuthSecret, secretFile } from "../../lib/auth/secret";
import { migrate } from "../../lib/db/migrate";
import { describeTarget, resolveDbTarget } from "../../lib/db/target";
import { envOrExit, type Env } from "../../lib/env";
import { ensurePrivateDir, openToOthers } from "../../lib/private-files";
import { ensureKeyFile, keyFile } from "../../lib/secrets/key";

export async function prepare(): Promise<Env> {
  const config = envOrExit();
  ensurePrivateDir(config.dataDir);
  ensureAuthSecret(config);
  if (!config.SECRETS_KEY) ensureKeyFile(keyFile(config)); // the web app and the worker read the same one
  const target = resolveDbTarget(config);
  const applied = await migrate(target);
  // Files from before Almanac made them private (or made by hand) keep their modes: say so.
  const files = target.provider === "sqlite" ? [target.file, `${target.file}-wal`, `${target.file}-shm`] : [];
  if (!config.AUTH_SECRET && !config.NEXTAUTH_SECRET) files.push(secretFile(config));
  if (!config.SECRETS_KEY) files.push(keyFile(config));
  for (const { file, mode } of openToOthers(files)) console.warn(`almanac: warning: ${file} is open to other users of this machine (mode ${mode}); chmod 600 it`);
  console.log(`almanac: database ${describeTarget(target)}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
  return config;
}
