// Which failures are an unavailable database (a 503 and a retry), through each path a query
// takes: Prisma's client, its raw queries, and the direct reader's drivers. Real errors from real
// clients pointed at a port where nothing listens, and at a file that cannot be opened.
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { toApiError } from "../api/errors";
import { createDb, type Db } from "./client";
import { isDatabaseUnavailable } from "./errors";
import { openReader } from "./reader";
import Database from "better-sqlite3";
import { tempDir } from "../../__tests__/support/temp";

let closedPort: number;
let db: Db;
beforeAll(async () => {
  closedPort = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
  db = await createDb({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${closedPort}/almanac` });
});
afterAll(async () => {
  await db.$disconnect();
});

const caught = (p: Promise<unknown>) => p.then(() => expect.unreachable("the query should fail"), (err: unknown) => err);

test("PostgreSQL out of reach: Prisma's queries, its raw queries and the reader's all say unavailable (503)", async () => {
  const reader = openReader({ provider: "postgresql", url: `postgresql://postgres@127.0.0.1:${closedPort}/almanac` });
  try {
    for (const err of [
      await caught(db.user.findFirst()),
      await caught(db.$queryRaw`SELECT 1`),
      await caught(db.$executeRaw`UPDATE "User" SET "name" = "name" WHERE "id" = 'x'`),
      await caught(reader.all({ sqlite: "", postgresql: "SELECT 1" }, [])),
    ]) {
      expect(isDatabaseUnavailable(err), String(err)).toBe(true);
      expect(toApiError(err)).toMatchObject({ status: 503, code: "unavailable" });
    }
  } finally {
    await reader.close();
  }
});

test("a locked SQLite file is unavailable too; a bug in a query is not", async () => {
  const file = path.join(tempDir(), "almanac.db");
  const [holder, other] = [new Database(file), new Database(file, { timeout: 0 })];
  try {
    holder.pragma("journal_mode = WAL");
    holder.exec("CREATE TABLE t (x)");
    holder.exec("BEGIN IMMEDIATE");
    let locked: unknown;
    try {
      other.exec("INSERT INTO t VALUES (1)");
    } catch (err) {
      locked = err;
    }
    expect(isDatabaseUnavailable(locked), String(locked)).toBe(true);
  } finally {
    holder.close();
    other.close();
  }
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/postgres` });
  await client.connect();
  try {
    const syntax = await caught(client.query("SELEC 1"));
    expect(isDatabaseUnavailable(syntax)).toBe(false);
    expect(toApiError(syntax).status).toBe(500);
  } finally {
    await client.end();
  }
});
