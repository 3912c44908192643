// What the web process does for alerts in the background (started by instrumentation.ts): the
// watch over the workers, and a sender for the alerts it writes (worker.down / worker.up: with no
// worker running, nobody else would send them). Workers send everything else.
import os from "node:os";
import { getDb } from "../db/client";
import { env } from "../env";
import { createLogger } from "../log";
import { createAlertSender } from "./dispatch";
import { createWorkerWatch, type WorkerWatch } from "./worker-watch";

/** The watch looks this often at most (and four times per WORKER_DOWN_AFTER_SECONDS at least). */
const WATCH_INTERVAL_MAX_MS = 5000;

const state = globalThis as unknown as { almanacWebAlerts?: boolean };

export function startWebAlerts(): void {
  if (state.almanacWebAlerts) return;
  state.almanacWebAlerts = true;
  const log = createLogger("alerts");
  const downAfterMs = env().WORKER_DOWN_AFTER_SECONDS * 1000;
  let watch: WorkerWatch | null = null;
  let busy = false;

  // The database may not answer yet (or at all for a while): each look starts by reaching it.
  async function look() {
    if (!watch) {
      const db = await getDb();
      watch = createWorkerWatch({ db, downAfterMs });
      createAlertSender({ db, senderId: `web-${os.hostname()}-${process.pid}`, log, types: ["worker.down", "worker.up"] }).start();
    }
    const changed = await watch.check();
    if (changed) log.warn(changed === "down" ? "no worker is running: worker.down sent" : "a worker is back: worker.up sent");
  }

  const timer = setInterval(
    () => {
      if (busy) return;
      busy = true;
      look()
        .catch((err: unknown) => log.warn("the workers' watch could not look; will try again", { error: (err as Error).message }))
        .finally(() => (busy = false));
    },
    Math.min(WATCH_INTERVAL_MAX_MS, Math.max(250, downAfterMs / 4)),
  );
  timer.unref();
}
