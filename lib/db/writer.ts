// A plain driver connection for the writes where Prisma's interactive transaction is most of the
// cost: the API's single create and delete of a schedule (lib/schedules/schedule-writes.ts). An
// interactive transaction costs Prisma several round trips of its own beyond the statements
// (measured: 1.5 to 4.7 ms a write, against 0.5 to 1.4 ms for the whole authentication of a
// request; docs/api.md). Everything else writes through the Prisma client.
//
// A transaction's body is a generator that yields its statements, a batch at a time, and gets each
// one's rows back: one body for both databases, which this module drives synchronously on SQLite
// and over one pooled connection on PostgreSQL, where a batch goes out in one round trip (pg's
// pipeline mode; the first with BEGIN). A batch is statements that need no rows of each other.
import Database from "better-sqlite3";
import pg from "pg";
import { preparedStatements } from "./reader";
import type { DbTarget } from "./target";

/** One statement for the database at hand: `?` placeholders on SQLite, `$1`... on PostgreSQL. */
export type Statement = { text: string; params: unknown[] };

/**
 * A transaction's body: it yields batches of statements (built for `provider`) and gets their rows
 * back, one list per statement (the RETURNING rows; none for a statement without). Throwing rolls
 * the transaction back.
 */
export type TransactionBody<T> = (provider: DbTarget["provider"]) => Generator<Statement[], T, unknown[][]>;

export type Writer = {
  readonly provider: DbTarget["provider"];
  /** Runs `body` in one transaction: committed if it returns, rolled back if it throws. */
  transaction<T>(body: TransactionBody<T>): Promise<T>;
  /** One statement, atomic by itself (triggers included), outside any transaction: its rows. */
  statement<R>(statement: Statement): Promise<R[]>;
  close(): Promise<void>;
};

// How long a transaction waits for SQLite's write lock, like the Prisma client's busy timeout
// (lib/db/client.ts), and how often it looks again meanwhile.
const SQLITE_LOCK_WAIT_MS = 5000;
const SQLITE_LOCK_POLL_MS = [1, 2, 5, 10, 20, 50];

/** A writer for `target`, connected on first use; `connections`: at most this many on PostgreSQL. */
export function openWriter(target: DbTarget, { connections = 2 }: { connections?: number } = {}): Writer {
  return target.provider === "postgresql" ? pgWriter(target.url, connections) : sqliteWriter(target.file);
}

/** Sends `statements` at once on a pipelined connection and waits for every answer; the first error, if any, after all have come back. */
async function flight(client: pg.PoolClient, statements: Statement[]): Promise<unknown[][]> {
  const answers = await Promise.allSettled(statements.map((s) => client.query(s.text, s.params)));
  const failed = answers.find((a) => a.status === "rejected");
  if (failed) throw failed.reason;
  return answers.map((a) => (a as PromiseFulfilledResult<pg.QueryResult>).value.rows);
}

const BEGIN: Statement = { text: "BEGIN", params: [] };

function pgWriter(url: string, connections: number): Writer {
  let pool: pg.Pool | null = null;
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
    async statement<R>({ text, params }: Statement): Promise<R[]> {
      return (await connected().query(text, params)).rows as R[];
    },
    async transaction<T>(body: TransactionBody<T>): Promise<T> {
      // One connection from BEGIN to COMMIT: a pool's next query may go to another.
      const client = await connected().connect();
      let broken: Error | undefined;
      try {
        try {
          const steps = body("postgresql");
          let step = steps.next();
          // BEGIN travels with the first batch.
          let first = true;
          while (!step.done) {
            const rows = await flight(client, first ? [BEGIN, ...step.value] : step.value);
            step = steps.next(first ? rows.slice(1) : rows);
            first = false;
          }
          if (!first) await client.query("COMMIT");
          return step.value;
        } catch (err) {
          // A connection that cannot even roll back is discarded, not handed to the next transaction.
          await client.query("ROLLBACK").catch((e: Error) => (broken = e));
          throw err;
        }
      } catch (err) {
        broken ??= isConnectionError(err) ? (err as Error) : undefined;
        throw err;
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

/** An error that leaves a pg connection unusable (no SQLSTATE: the socket, not the statement, failed). */
const isConnectionError = (err: unknown) => typeof (err as { code?: unknown })?.code !== "string" || !/^[0-9A-Z]{5}$/.test((err as { code: string }).code);

function sqliteWriter(file: string): Writer {
  let conn: Database.Database | null = null;
  let statements: (text: string) => Database.Statement;
  const open = () => {
    // A second connection to the file the Prisma client writes (and the workers', in their own
    // processes), set up like it (lib/db/client.ts): WAL is kept in the file by the migration
    // runner; synchronous is per connection. No busy timeout: its wait would block this whole
    // process (better-sqlite3 is synchronous), the Prisma client's transactions in it included,
    // so the write lock is waited for here, between ticks (see transaction).
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
    async statement<R>(statement: Statement): Promise<R[]> {
      // Waits for the write lock like any transaction.
      return this.transaction(function* () {
        const [rows] = yield [statement];
        return rows as R[];
      });
    },
    async transaction<T>(body: TransactionBody<T>): Promise<T> {
      const db = conn ?? open();
      // Another connection's lock is waited for between ticks, up to SQLITE_LOCK_WAIT_MS.
      const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
      for (let attempt = 0; !tryBegin(Date.now() >= deadline); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, SQLITE_LOCK_POLL_MS[Math.min(attempt, SQLITE_LOCK_POLL_MS.length - 1)]));
      }
      // From BEGIN to COMMIT in one synchronous stretch (no await): nothing else in this process
      // runs meanwhile, neither another transaction of this connection nor the Prisma client's,
      // so none of them ever waits for this one's lock.
      try {
        const steps = body("sqlite");
        let step = steps.next();
        while (!step.done) step = steps.next(step.value.map(run));
        statements("COMMIT").run();
        return step.value;
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
