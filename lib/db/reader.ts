// A plain driver connection for reads where Prisma's per-row work is most of the cost:
// - The worker reads every schedule's timing fields when it starts and at each reconcile: read
//   through Prisma, 100,000 rows leave a worker process 50 to 80 MB larger for good (the query
//   engine's memory grows and is not given back; measured), read through the driver they do not.
// - The web app reads schedule lists and single schedules (lib/schedules/schedule-reads.ts): a page
//   of 50 costs Prisma about twice what it costs the driver, and the list is the API's hottest
//   read (measured by bench:api, docs/api.md).
// - Every request reads who its caller is: the API token and its owner, the memberships, the
//   signed-in user (Prisma's SQLite adapter prepares each statement anew on every query).
// Reads only, outside transactions. Writes go through the Prisma client, but for the API's single
// schedule create and delete, which take the driver route too (lib/db/writer.ts).
import Database from "better-sqlite3";
import pg from "pg";
import type { DbTarget } from "./target";

const READER_CACHE_KIB = 2048;

export type Reader = {
  readonly provider: DbTarget["provider"];
  /** Rows of a query written for each database: `?` placeholders on SQLite, `$1`... on PostgreSQL. */
  all<T>(query: { sqlite: string; postgresql: string }, params: unknown[]): Promise<T[]>;
  /**
   * The same, each row an array of its columns in the query's order: for wide rows read often (a
   * schedule list), where making an object per row with a property per column costs more than
   * the query (51 rows of 25 columns on SQLite: 0.46 ms as objects, 0.17 ms as arrays).
   */
  values<T extends unknown[]>(query: { sqlite: string; postgresql: string }, params: unknown[]): Promise<T[]>;
  /**
   * Several reads one request needs together, answered in order (rows as arrays where `arrays`).
   * On PostgreSQL they share one connection and leave in one write (see sendTogether); a failure
   * of one is thrown after all are answered. SQLite runs them in turn.
   */
  together(reads: TogetherRead[]): Promise<unknown[][]>;
  close(): Promise<void>;
};

export type TogetherRead = { query: { sqlite: string; postgresql: string }; params: unknown[]; arrays?: boolean };

/**
 * Reads a request needs whoever its caller is, and what it makes of their rows: planned rather than
 * run, so that they can go together with the reads that authenticate the caller (one round trip to
 * PostgreSQL instead of two: lib/teams/request-access.ts). Their rows are read before anyone is
 * known to be allowed to see them: whoever runs a plan checks access before showing its result.
 */
export type ReadPlan<T> = { reads: TogetherRead[]; result(rows: unknown[][]): T };

/** Runs a plan on its own. */
export async function runPlan<T>(reader: Reader, plan: ReadPlan<T>): Promise<T> {
  return plan.result(await reader.together(plan.reads));
}

/**
 * Runs `send`, which queues queries on `client`, with the connection's socket corked, so that what
 * they queue leaves in one write. pg writes each query as soon as it is queued, a system call
 * each; on a busy machine with the database on the same cores, each write that wakes the server
 * cost the request far more than its bytes (profiles of bench:api on PostgreSQL: a list request
 * spent about 1 ms in those calls). Pipeline mode (the pool's `pipeline: true`) lets the queries
 * go before the first is answered.
 */
export function sendTogether<T>(client: pg.Client, send: () => T): T {
  const socket = client.connection.stream;
  socket.cork();
  try {
    return send();
  } finally {
    socket.uncork();
  }
}

/** How many connections a reader may open on PostgreSQL (SQLite's one connection serves all: its reads are synchronous). */
export type ReaderOptions = { connections?: number };

/** An instant as either driver returns it: PostgreSQL as epoch ms (see the queries), SQLite as Prisma's ISO text. */
export function instant(value: string | number | Date | null): number | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.getTime();
  return Date.parse(value);
}

/**
 * A connection's statements by their text, each prepared once: compiling a statement costs as much
 * as running a small one (the texts are a fixed set written in code: values are always parameters).
 */
export function preparedStatements(conn: Database.Database, { asArrays = false } = {}): (text: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = asArrays ? conn.prepare(text).raw(true) : conn.prepare(text)));
    return statement;
  };
}

/**
 * Names for statement texts, so that a PostgreSQL connection parses and plans each text once and
 * then only binds it (an unnamed statement is parsed and planned again on every execution). The
 * texts are written in code, values always parameters; past `limit` texts (a list over many
 * teams names each count of them), a new text goes unnamed rather than growing every
 * connection's statement cache for good.
 */
export function statementNamer(prefix: string, limit = 500): (text: string) => string | undefined {
  const names = new Map<string, string>();
  return (text) => {
    let name = names.get(text);
    if (!name && names.size < limit) names.set(text, (name = `${prefix}_${names.size + 1}`));
    return name;
  };
}

/** A reader for `target`, connected on first use. */
export function openReader(target: DbTarget, { connections = 1 }: ReaderOptions = {}): Reader {
  if (target.provider === "postgresql") {
    let pool: pg.Pool | null = null;
    const nameOf = statementNamer("almanac_read");
    const config = (text: string, values: unknown[], arrays = false): pg.QueryConfig => ({ name: nameOf(text), text, values, ...(arrays ? { rowMode: "array" } : {}) });
    const connected = (): pg.Pool => {
      if (!pool) {
        pool = new pg.Pool({ connectionString: target.url, max: connections, pipeline: true });
        // An idle connection that the server or the network drops is reported here, not to a
        // query; with no listener Node would take it for an uncaught error and end the process
        // (a worker died this way in a database outage). The pool discards that connection and
        // the next query opens a new one, or fails itself if the database is still away.
        pool.on("error", () => undefined);
      }
      return pool;
    };
    return {
      provider: "postgresql",
      async all<T>(query: { postgresql: string }, params: unknown[]) {
        return (await connected().query(config(query.postgresql, params))).rows as T[];
      },
      async values<T extends unknown[]>(query: { postgresql: string }, params: unknown[]) {
        return (await connected().query(config(query.postgresql, params, true))).rows as T[];
      },
      async together(reads) {
        const client = await connected().connect();
        let broken: Error | undefined;
        try {
          const answers = await Promise.allSettled(
            sendTogether(client, () => reads.map((r) => client.query(config(r.query.postgresql, r.params, r.arrays)))),
          );
          const failed = answers.find((a) => a.status === "rejected");
          if (failed) {
            // A statement the server refused leaves the connection fit for use; anything else
            // (a dropped connection) discards it instead of handing it to the next read.
            if (!(failed.reason instanceof pg.DatabaseError)) broken = failed.reason as Error;
            throw failed.reason;
          }
          return answers.map((a) => (a as PromiseFulfilledResult<pg.QueryResult>).value.rows);
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
  let conn: Database.Database | null = null;
  let statements: (text: string) => Database.Statement;
  // Statements that return arrays: better-sqlite3 sets the mode per statement.
  let arrayStatements: (text: string) => Database.Statement;
  const connected = () => {
    // A second connection to the same file: in WAL mode its reads wait for no writer. A 2 MB
    // page cache, not better-sqlite3's default of 16 MB: the worker's reads walk the table once.
    if (!conn) {
      conn = new Database(target.file, { fileMustExist: true, timeout: 5000 });
      conn.pragma(`cache_size = -${READER_CACHE_KIB}`);
      conn.pragma("query_only = ON");
      statements = preparedStatements(conn);
      arrayStatements = preparedStatements(conn, { asArrays: true });
    }
  };
  return {
    provider: "sqlite",
    async all<T>(query: { sqlite: string }, params: unknown[]) {
      connected();
      return statements(query.sqlite).all(...params) as T[];
    },
    async values<T extends unknown[]>(query: { sqlite: string }, params: unknown[]) {
      connected();
      return arrayStatements(query.sqlite).all(...params) as T[];
    },
    async together(reads) {
      connected();
      return reads.map((r) => (r.arrays ? arrayStatements : statements)(r.query.sqlite).all(...r.params) as unknown[]);
    },
    async close() {
      conn?.close();
      conn = null;
    },
  };
}
