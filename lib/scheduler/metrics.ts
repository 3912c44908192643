// Prometheus metrics for a worker, in the text exposition format, without a client library:
// runs by status, a fire-lateness histogram, the age of the last sync, schedules loaded.
import http from "node:http";
import type { Logger } from "../log";

const LATENESS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export type MetricsSink = {
  fired(latenessMs: number): void;
  runFinished(status: string): void;
  synced(at: number): void;
};

export function createMetrics(stats: () => { schedules: number; queued: number; running: number }, now: () => number = Date.now) {
  const runs = new Map<string, number>();
  const buckets = new Array<number>(LATENESS_BUCKETS.length).fill(0);
  let count = 0;
  let sum = 0;
  let lastSync: number | null = null;
  const sink: MetricsSink = {
    fired(latenessMs) {
      const s = Math.max(0, latenessMs) / 1000;
      LATENESS_BUCKETS.forEach((le, i) => {
        if (s <= le) buckets[i]++;
      });
      count++;
      sum += s;
    },
    runFinished(status) {
      runs.set(status, (runs.get(status) ?? 0) + 1);
    },
    synced(at) {
      lastSync = at;
    },
  };
  function render(): string {
    const st = stats();
    const lines = [
      "# HELP almanac_runs_total Runs finished by this worker, by status.",
      "# TYPE almanac_runs_total counter",
      ...[...runs].map(([status, n]) => `almanac_runs_total{status="${status}"} ${n}`),
      "# HELP almanac_fire_lateness_seconds Time from a slot's nominal time to its claim by this worker.",
      "# TYPE almanac_fire_lateness_seconds histogram",
      ...LATENESS_BUCKETS.map((le, i) => `almanac_fire_lateness_seconds_bucket{le="${le}"} ${buckets[i]}`),
      `almanac_fire_lateness_seconds_bucket{le="+Inf"} ${count}`,
      `almanac_fire_lateness_seconds_sum ${sum}`,
      `almanac_fire_lateness_seconds_count ${count}`,
      "# HELP almanac_sync_age_seconds Seconds since the last successful sync with the database.",
      "# TYPE almanac_sync_age_seconds gauge",
      `almanac_sync_age_seconds ${lastSync === null ? "NaN" : ((now() - lastSync) / 1000).toFixed(3)}`,
      "# HELP almanac_schedules_loaded Enabled schedules this worker holds.",
      "# TYPE almanac_schedules_loaded gauge",
      `almanac_schedules_loaded ${st.schedules}`,
      "# HELP almanac_runs_in_progress Runs queued or executing on this worker.",
      "# TYPE almanac_runs_in_progress gauge",
      `almanac_runs_in_progress{state="queued"} ${st.queued}`,
      `almanac_runs_in_progress{state="running"} ${st.running}`,
    ];
    return lines.join("\n") + "\n";
  }
  return { sink, render };
}

/**
 * Serves GET /metrics on `host`:`port`; everything else is 404. The metrics have no login: the
 * host is the loopback address unless the operator says otherwise (WORKER_METRICS_HOST), so a
 * worker on a public machine does not publish its load to anyone who asks.
 */
export function serveMetrics(render: () => string, { port, host }: { port: number; host: string }, log: Logger): http.Server {
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(render());
    } else res.writeHead(404).end("not found\n");
  });
  server.listen(port, host, () => log.info("metrics served", { host, port, path: "/metrics" }));
  return server;
}
