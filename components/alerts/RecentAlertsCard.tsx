"use client";

import Link from "next/link";
import { ArrowRight, BellRing } from "@/components/ui/icons";
import type { AlertEventOut } from "@/lib/api";
import { Card, CardHeader } from "../ui/Card";
import { AlertEventItem } from "./AlertEventItem";

/** The team's latest alerts, for the overview; each links to its schedule. */
export function RecentAlertsCard({ alerts }: { alerts: AlertEventOut[] }) {
  return (
    <Card aria-labelledby="recent-alerts-title">
      <CardHeader
        titleId="recent-alerts-title"
        icon={<BellRing className="size-4" />}
        title="Recent alerts"
        description="The latest alerts of this team's schedules and workers."
        action={
          <Link href="/settings/team" className="inline-flex items-center gap-1 rounded text-sm font-medium text-brand-700 hover:underline dark:text-brand-500">
            Channels
            <ArrowRight aria-hidden className="size-3.5" />
          </Link>
        }
      />
      {alerts.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">No alerts yet. Add a channel in Team settings, then turn alerts on in a schedule.</p>
      ) : (
        <ol aria-label="Latest alerts" className="divide-y divide-zinc-200 dark:divide-white/10">
          {alerts.map((event) => (
            <AlertEventItem key={event.id} event={event} showSchedule compact />
          ))}
        </ol>
      )}
    </Card>
  );
}
