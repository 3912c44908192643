// Once per `npm test`: a PostgreSQL database for this run (migrated, dropped at the end), and a
// current production build for the tests that run `next start` and the browser.
import type { TestProject } from "vitest/node";
import { migrate } from "../../lib/db/migrate";
import { ensureBuilt } from "../../scripts/lib/build";
import { bundleWorker } from "../../scripts/lib/worker-bundle";
import { createDatabase, dropDatabase, postgresUnavailable } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's migrated PostgreSQL database, or null when PostgreSQL is unavailable (outside CI). */
    pgUrl: string | null;
  }
}

export default async function setup(project: TestProject) {
  const why = await postgresUnavailable();
  let pgUrl: string | null = null;
  if (why) {
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required when CI=true: ${why}`);
    console.warn(`\n*** PostgreSQL unavailable: the PostgreSQL tests are SKIPPED. ${why}\n`);
  } else {
    pgUrl = await createDatabase("run");
    await migrate({ provider: "postgresql", url: pgUrl });
  }
  project.provide("pgUrl", pgUrl);
  await bundleWorker(); // the worker processes of the tests run what npm start runs

  // ALMANAC_TEST_NO_BUILD=1 skips the production build when running only tests that do not start
  // the web app (it takes a minute, and two builds at once in one checkout collide).
  if (process.env.ALMANAC_TEST_NO_BUILD !== "1") ensureBuilt((line) => console.log(`[test setup] ${line}`));

  return async () => {
    if (pgUrl) await dropDatabase(pgUrl);
  };
}
