// A plain driver connection for the writes where Prisma's interactive transaction is most of the
// cost: the API's single create and delete of a schedule (lib/schedules/schedule-writes.ts). An
// interactive transaction costs Prisma several round trips and much work of its own beyond the
// statements (measured in-process: 1.5 to 4.7 ms a write, against 0.5 to 1.4 ms for the whole
// authentication of a request). Everything else writes through the Prisma client.
//
// A write here is a batch: statements that need nothing of each other's results, run in one
// transaction, all or nothing. On PostgreSQL the batch goes out at once with its BEGIN and COMMIT
// (pg's pipeline mode, in one write: one round trip); a statement that fails aborts the
// transaction, and the COMMIT behind it then rolls back. So a batch's conditions are written so that a condition not
// met makes a statement fail (see schedule-writes.ts), not as a check between statements.
import Database from "better-sqlite3";
import pg from "pg";
import { preparedStatements, sendTogether, statementNamer } from "./reader";
import type { DbTarget } from "./target";

/** One statement for the database at hand: `?` placeholders on SQLite, `$1`... on PostgreSQL. */
export type Statement = { text: string; params: unknown[] };

export type Writer = {
  readonly provider: DbTarget["provider"];
  /**
   * Runs `statements` in order in one transaction (a single statement on its own: it is atomic,
   * triggers included): committed if every one succeeds, else rolled back and the first error
   * thrown. Returns each statement's rows (RETURNING; none without).
   */
  batch(statements: Statement[]): Promise<unknown[][]>;
  close(): Promise<void>;
};

// How long a batch waits for SQLite's write lock, like the Prisma client's busy timeout
// (lib/db/client.ts), and how often it looks again meanwhile.
const SQLITE_LOCK_WAIT_MS = 5000;
const SQLITE_LOCK_POLL_MS = [1, 2, 5, 10, 20, 50];

/** A writer for `target`, connected on first use; `connections`: at most this many on PostgreSQL. */
export function openWriter(target: DbTarget, { connections = 2 }: { connections?: number } = {}): Writer {
  return target.provider === "postgresql" ? pgWriter(target.url, connections) : sqliteWriter(target.file);
}

const BEGIN: Statement = { text: "BEGIN", params: [] };
const COMMIT: Statement = { text: "COMMIT", params: [] };

function pgWriter(url: string, connections: number): Writer {
  let pool: pg.Pool | null = null;
  // Each text a named statement (statementNamer); BEGIN and COMMIT have nothing to plan.
  const nameOf = statementNamer("almanac_write");
  const named = ({ text, params }: Statement): pg.QueryConfig => (params.length === 0 ? { text } : { name: nameOf(text), text, values: params });
  const connected = () => {
    if (!pool) {
      // Pipeline mode: queries sent together travel together, each answered (or failed) on its own.
      pool = new pg.Pool({ connectionString: url, max: connections, pipeline: true });
      // An idle connection dropped by the server is reported here; see lib/db/reader.ts.
      pool.on("error", () => undefined);
    }
    return pool;
  };
  return {
    provider: "postgresql",
    async batch(statements) {
      if (statements.length === 1) return [(await connected().query(named(statements[0]))).rows];
      // One connection from BEGIN to COMMIT: a pool's next query may go to another.
      const client = await connected().connect();
      let broken: Error | undefined;
      try {
        // Corked: BEGIN to COMMIT leave in one write, not one per statement.
        const answers = await Promise.allSettled(sendTogether(client, () => [BEGIN, ...statements, COMMIT].map((s) => client.query(named(s)))));
        const failed = answers.find((a) => a.status === "rejected");
        if (failed) {
          // Already rolled back by the COMMIT after the failure, unless the connection failed:
          // said again, and a connection that cannot is discarded, not handed to the next batch.
          await client.query("ROLLBACK").catch((e: Error) => (broken = e));
          throw failed.reason;
        }
        return answers.slice(1, -1).map((a) => (a as PromiseFulfilledResult<pg.QueryResult>).value.rows);
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool?.end();
      pool = null;
    },
  };
}

function sqliteWriter(file: string): Writer {
  let conn: Database.Database | null = null;
  let statements: (text: string) => Database.Statement;
  const open = () => {
    // A second connection to the file the Prisma client writes (and the workers', in their own
    // processes), set up like it (lib/db/client.ts): WAL is kept in the file by the migration
    // runner; synchronous and foreign keys are per connection. No busy timeout: its wait would
    // block this whole process (better-sqlite3 is synchronous), the Prisma client's transactions
    // in it included, so the write lock is waited for between ticks instead (see batch).
    conn = new Database(file, { fileMustExist: true, timeout: 0 });
    conn.pragma("synchronous = NORMAL");
    conn.pragma("foreign_keys = ON");
    statements = preparedStatements(conn);
    return conn;
  };

  /** BEGIN IMMEDIATE (the write lock up front); false while another connection holds the lock, unless `last`: then its SQLITE_BUSY. */
  function tryBegin(last: boolean): boolean {
    try {
      statements("BEGIN IMMEDIATE").run();
      return true;
    } catch (err) {
      if (!last && /^SQLITE_BUSY/.test(String((err as { code?: unknown }).code))) return false;
      throw err;
    }
  }

  const run = ({ text, params }: Statement): unknown[] => {
    const statement = statements(text);
    return statement.reader ? statement.all(...params) : (statement.run(...params), []);
  };

  return {
    provider: "sqlite",
    async batch(batch) {
      const db = conn ?? open();
      const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
      for (let attempt = 0; !tryBegin(Date.now() >= deadline); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, SQLITE_LOCK_POLL_MS[Math.min(attempt, SQLITE_LOCK_POLL_MS.length - 1)]));
      }
      // From BEGIN to COMMIT in one synchronous stretch (no await): nothing else in this process
      // runs meanwhile, neither another batch of this connection nor the Prisma client's
      // transactions, so none of them ever waits for this one's lock.
      try {
        const rows = batch.map(run);
        statements("COMMIT").run();
        return rows;
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    },
    async close() {
      conn?.close();
      conn = null;
    },
  };
}
