// A plain driver connection for reading many rows. The worker reads every schedule's timing fields
// when it starts and at each reconcile: read through Prisma, 100,000 rows leave a worker process
// 50 to 80 MB larger for good (the query engine's memory grows and is not given back; measured),
// read through the driver they do not. Reads only: every write stays on the Prisma client, in its
// transactions.
import Database from "better-sqlite3";
import pg from "pg";
import type { DbTarget } from "./target";

const READER_CACHE_KIB = 2048;

export type Reader = {
  /** Rows of a query written for each database: `?` placeholders on SQLite, `$1`... on PostgreSQL. */
  all<T>(query: { sqlite: string; postgresql: string }, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/** An instant as either driver returns it: PostgreSQL as epoch ms (see the queries), SQLite as Prisma's ISO text. */
export function instant(value: string | number | Date | null): number | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (value instanceof Date) return value.getTime();
  return Date.parse(value);
}

/** A reader for `target`, connected on first use. */
export function openReader(target: DbTarget): Reader {
  if (target.provider === "postgresql") {
    let pool: pg.Pool | null = null;
    return {
      async all<T>(query: { postgresql: string }, params: unknown[]) {
        pool ??= new pg.Pool({ connectionString: target.url, max: 1 });
        return (await pool.query(query.postgresql, params)).rows as T[];
      },
      async close() {
        await pool?.end();
        pool = null;
      },
    };
  }
  let conn: Database.Database | null = null;
  return {
    async all<T>(query: { sqlite: string }, params: unknown[]) {
      // A second connection to the same file: in WAL mode its reads wait for no writer. Its reads
      // walk the table once: a 2 MB page cache, not better-sqlite3's default of 16 MB.
      if (!conn) {
        conn = new Database(target.file, { fileMustExist: true, timeout: 5000 });
        conn.pragma(`cache_size = -${READER_CACHE_KIB}`);
      }
      return conn.prepare(query.sqlite).all(...params) as T[];
    },
    async close() {
      conn?.close();
      conn = null;
    },
  };
}
