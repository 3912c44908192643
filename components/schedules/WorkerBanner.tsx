"use client";

import { useEffect, useState } from "react";
import { TriangleAlert } from "@/components/ui/icons";
import { api } from "@/lib/api";

const POLL_MS = 30_000;

/**
 * Warns while no worker is online, since nothing fires without one. Checks on load and every 30 s;
 * `initialOnline` (from the server render) avoids a flash; without it the banner waits for the first answer.
 */
export function WorkerBanner({ initialOnline }: { initialOnline?: boolean }) {
  const [online, setOnline] = useState<boolean | undefined>(initialOnline);

  useEffect(() => {
    let live = true;
    async function check() {
      try {
        const health = await api.health();
        if (live) setOnline(health.worker.online);
      } catch {
        // The health endpoint answers 503 when the database is down; that is not the worker's news to tell.
      }
    }
    void check();
    const timer = setInterval(check, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  if (online !== false) return null;
  return (
    <div
      role="status"
      className="mb-6 flex items-start gap-2.5 rounded-lg border border-amber-200 bg-amber-50 px-3.5 py-3 text-sm text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200"
    >
      <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <p>
        No worker is running: schedules will not fire until one starts (
        <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-xs dark:bg-amber-500/20">npm run worker</code>)
      </p>
    </div>
  );
}
