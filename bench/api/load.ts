// Load for bench:api and bench:profile: connections issuing requests back to back, every latency
// recorded, and the server's CPU time over the pass.
import { readdirSync, readFileSync } from "node:fs";

export const CONNECTIONS = 20;

export type Request = (worker: number, i: number) => Promise<Response | Response[]>;

export type Sample = { latencies: number[]; errors: number; seconds: number; cpuSeconds: number };

// Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ: 100 on every common build).
const CLOCK_TICKS = 100;

/** CPU seconds used so far by a process and all its descendants (the server, whatever it forks). */
function cpuSecondsOfTree(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may hold spaces): state, ppid, ... utime (14), stime (15).
      const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
  }
  return ticks / CLOCK_TICKS;
}

/** `connections` loops issuing `request` back to back for `seconds`. */
export async function load(serverPid: number, request: Request, seconds: number, connections = CONNECTIONS): Promise<Sample> {
  const latencies: number[] = [];
  const cpuBefore = cpuSecondsOfTree(serverPid);
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const start = performance.now();
        const res = await request(worker, i);
        for (const r of Array.isArray(res) ? res : [res]) {
          if (!r.ok) errors++;
          await r.arrayBuffer();
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - t0) / 1000, cpuSeconds: cpuSecondsOfTree(serverPid) - cpuBefore };
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
