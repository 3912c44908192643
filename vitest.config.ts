import path from "node:path";
import { defineConfig } from "vitest/config";

// Vitest 5's reporter calls Map.groupBy (Node 21+) when it prints a failure; Node 20 lacks it.
if (!("groupBy" in Map)) {
  Object.defineProperty(Map, "groupBy", {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>();
      let i = 0;
      for (const item of items) {
        const k = key(item, i++);
        groups.set(k, [...(groups.get(k) ?? []), item]);
      }
      return groups;
    },
  });
}

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["__tests__/**/*.test.{ts,tsx}", "lib/**/*.test.{ts,tsx}"],
    globalSetup: ["__tests__/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // One secrets key for the whole run, as a deployment whose web app and workers share one:
    // test servers and workers each get their own DATA_DIR, so a key generated there would differ
    // between the process that seals a value and the worker that opens it. lib/secrets tests
    // give their own keys (and the DATA_DIR file) explicitly.
    env: { SECRETS_KEY: "almanac-test-run-secrets-key-0123456789abcdef" },
    hookTimeout: 120_000,
    reporters: ["default", "./__tests__/support/summary-reporter.ts"],
  },
});
