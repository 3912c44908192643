// Change notifications: tell the sync the moment a schedule changes, so an edit is armed within
// milliseconds instead of at the next 1 s poll (which stays, with the 60 s reconcile, as the safety
// net: a lost notification costs speed, never correctness).
//
// - PostgreSQL: triggers on "Schedule" and "ScheduleTombstone" (migration
//   20261206030000_schedule_change_notify) call pg_notify in the writer's own transaction, so the
//   notification is sent when the write commits (bookkeeping updates that leave updatedAt alone
//   notify nobody); each worker LISTENs on a connection of its own.
// - SQLite: `PRAGMA data_version` changes whenever another connection commits. Reading it costs
//   microseconds, so it is polled every 100 ms; a change runs the (indexed) incremental sync.
import pg from "pg";
import type { Db } from "../db/client";
import { providerOf } from "../db/client";
import type { Logger } from "../log";
import type { Clock, TimerHandle } from "./clock";
import type { Tasks } from "./tasks";

/** The channel the PostgreSQL triggers notify (its name is written in the migration too). */
export const SCHEDULE_CHANGES_CHANNEL = "almanac_schedule_changes";
/** How often SQLite's data_version is read. */
export const DATA_VERSION_POLL_MS = 100;
const RECONNECT_MS = 1_000;

export type ChangeFeedOptions = { db: Db; clock: Clock; log: Logger; tasks: Tasks; listenUrl?: string; pollMs?: number };

export function createChangeFeed(options: ChangeFeedOptions) {
  const { db, clock, log, tasks } = options;
  let stopped = false;
  let client: pg.Client | null = null;
  let reconnect: TimerHandle | null = null;
  let pollTimer: NodeJS.Timeout | null = null;

  async function listen(onChange: () => void) {
    if (stopped || !options.listenUrl) return;
    const c = new pg.Client({ connectionString: options.listenUrl });
    client = c;
    const retry = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.end().catch(() => undefined);
      if (stopped) return;
      if (err) log.warn("change notifications lost; reconnecting", { error: err.message });
      onChange(); // whatever was notified meanwhile
      reconnect = clock.setTimer(() => void listen(onChange), RECONNECT_MS);
    };
    c.on("error", retry);
    c.on("end", () => retry(new Error("connection ended")));
    c.on("notification", () => onChange());
    try {
      await c.connect();
      await c.query(`LISTEN ${SCHEDULE_CHANGES_CHANNEL}`);
    } catch (err) {
      retry(err as Error);
    }
  }

  return {
    /** Calls `onChange` whenever schedules may have changed (more often is fine, never less). */
    start(onChange: () => void) {
      if (providerOf(db) === "postgresql") {
        void listen(onChange);
        return;
      }
      // On the real clock, whatever clock the engine runs on: this is a wake-up call, not a
      // schedule (and a test's fake clock would otherwise have to step through every poll).
      let seen: number | null = null;
      const poll = async () => {
        try {
          const [row] = await db.$queryRawUnsafe<{ data_version: number | bigint }[]>("PRAGMA data_version");
          const version = Number(row.data_version);
          if (seen !== null && version !== seen) onChange();
          seen = version;
        } catch (err) {
          log.debug("could not read data_version", { error: (err as Error).message });
        }
        if (!stopped) pollTimer = setTimeout(() => void tasks.track(poll()), options.pollMs ?? DATA_VERSION_POLL_MS);
      };
      void tasks.track(poll());
    },
    async stop() {
      stopped = true;
      reconnect?.cancel();
      if (pollTimer) clearTimeout(pollTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
