// File permissions: the data folder and the SQLite files Almanac creates are private to the user it
// runs as (folder 0700, database, -wal, -shm and the generated secret 0600), whatever the umask;
// what the operator made keeps its modes. SQLite only: PostgreSQL keeps no files of ours.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { createDb } from "../../lib/db/client";
import { resolveDbTarget, sqliteTarget } from "../../lib/db/target";
import { prepare } from "../../scripts/lib/prepare";
import { tempDir } from "../support/temp";

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);
let umask: number;
beforeAll(() => {
  umask = process.umask(0o022); // the common default, under which files come out readable by all
});
afterAll(() => {
  process.umask(umask);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** `npm start`'s preparation (scripts/lib/prepare.ts) into `dataDir`, with a generated secret. */
async function prepareInto(dataDir: string) {
  vi.stubEnv("DATA_DIR", dataDir);
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("AUTH_SECRET", "");
  vi.stubEnv("NEXTAUTH_SECRET", "");
  vi.stubEnv("SECRETS_KEY", "");
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  return prepare();
}

test("a fresh start creates the data folder 0700, and the database, its -wal and -shm, the secret and the secrets key 0600", async () => {
  const dataDir = path.join(tempDir("modes"), "new", "data");
  const config = await prepareInto(dataDir);
  expect(modeOf(dataDir)).toBe("700");
  expect(modeOf(path.dirname(dataDir))).toBe("700"); // created on the way: Almanac's too
  const target = resolveDbTarget(config);
  if (target.provider !== "sqlite") throw new Error("expected SQLite");
  expect(modeOf(target.file)).toBe("600");
  expect(modeOf(path.join(dataDir, "auth-secret"))).toBe("600");
  expect(modeOf(path.join(dataDir, "secrets-key"))).toBe("600");
  // The web app and the worker write through their clients: the -wal and -shm files appear.
  const db = await createDb(target);
  try {
    await db.user.create({ data: { email: "modes@example.com", passwordHash: "x" } });
    for (const suffix of ["-wal", "-shm"]) {
      expect(existsSync(target.file + suffix)).toBe(true);
      expect(modeOf(target.file + suffix)).toBe("600");
    }
  } finally {
    await db.$disconnect();
  }
});

test("a worker that opens a database nobody created yet creates it 0600", async () => {
  const file = path.join(tempDir("modes"), "fresh", "worker.db");
  const db = await createDb(sqliteTarget(file));
  try {
    await db.$queryRawUnsafe("CREATE TABLE t (x INTEGER)");
    expect(modeOf(path.dirname(file))).toBe("700");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(f)).toBe("600");
  } finally {
    await db.$disconnect();
  }
});

test("a folder and a database the operator made keep their modes, and the start warns about the open database", async () => {
  const dataDir = path.join(tempDir("modes"), "operator");
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o750); // shared with a backup group, say
  const file = path.join(dataDir, "almanac.db"); // where DATA_DIR puts the database (lib/db/target.ts)
  writeFileSync(file, "");
  chmodSync(file, 0o644);
  const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
  await prepareInto(dataDir);
  expect(modeOf(dataDir)).toBe("750");
  expect(modeOf(file)).toBe("644");
  expect(warn.mock.calls.flat().join("\n")).toMatch(/almanac\.db is open to other users .*mode 0644.*chmod 600/);
});
