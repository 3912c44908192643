// Generates one Prisma client per provider from prisma/schema.prisma (runs at `npm install`).
// Prisma's CLI wants a native schema engine it cannot download offline; `generate` never uses
// it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it run.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROVIDERS, ROOT, renderSchema, renderedSchemaPath } from "../lib/db/schema-source";

const prismaCli = path.join(ROOT, "node_modules/prisma/build/index.js");

for (const provider of PROVIDERS) {
  const file = renderedSchemaPath(provider);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderSchema(provider));
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", file], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  console.log(`prisma: generated the ${provider} client`);
}
