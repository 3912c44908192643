// The one schema source (prisma/schema.prisma) rendered for each provider. Prisma needs the
// datasource provider as a literal, so each database gets its own copy of the file and its
// own generated client; the models are identical by construction.
import { readFileSync } from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const SCHEMA_SOURCE = path.join(ROOT, "prisma/schema.prisma");

/** Where the rendered schema of a provider is written (git-ignored). */
export function renderedSchemaPath(provider: Provider): string {
  return path.join(ROOT, "prisma/.generated", provider, "schema.prisma");
}

/** The source schema with its provider and client output switched to `provider`. */
export function renderSchema(provider: Provider, source = readFileSync(SCHEMA_SOURCE, "utf8")): string {
  const withProvider = source.replace(
    /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"[^"]+"/,
    `$1"${provider}"`,
  );
  // The rendered file sits three levels below the root: prisma/.generated/<provider>/.
  const withOutput = withProvider.replace(
    /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]+"/,
    `$1"../../../lib/generated/prisma/${provider}"`,
  );
  if (!withOutput.includes(`provider = "${provider}"`) || !withOutput.includes(`lib/generated/prisma/${provider}"`)) {
    throw new Error("prisma/schema.prisma: could not find the datasource provider or the generator output to rewrite");
  }
  return withOutput;
}
