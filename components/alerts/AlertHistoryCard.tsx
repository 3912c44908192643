"use client";

import { useState } from "react";
import { BellRing } from "@/components/ui/icons";
import { api, errorMessage, type AlertEventOut, type Page } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardHeader } from "../ui/Card";
import { AlertEventItem } from "./AlertEventItem";

type Props = { scheduleId: string; initial: Page<AlertEventOut>; pageSize: number };

/** A schedule's alerts, newest first, with each channel's delivery; more on request. */
export function AlertHistoryCard({ scheduleId, initial, pageSize }: Props) {
  const [page, setPage] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore() {
    if (!page.nextCursor) return;
    setLoading(true);
    setError(null);
    try {
      const next = await api.alerts.forSchedule(scheduleId, { limit: pageSize, cursor: page.nextCursor });
      setPage((p) => ({ items: [...p.items, ...next.items], nextCursor: next.nextCursor }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  return (
    <Card aria-labelledby="alert-history-title">
      <CardHeader
        titleId="alert-history-title"
        icon={<BellRing className="size-4" />}
        title="Alert history"
        description="The alerts this schedule sent, newest first, and how each channel took them."
      />
      {page.items.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">
          No alerts yet. They appear here when one of the schedule&apos;s alert rules fires (set them with Edit, under Alerts).
        </p>
      ) : (
        <ol aria-label="Alerts, newest first" className="divide-y divide-zinc-200 dark:divide-white/10">
          {page.items.map((event) => (
            <AlertEventItem key={event.id} event={event} />
          ))}
        </ol>
      )}
      {error && <ErrorAlert className="mx-5 mb-4">{error}</ErrorAlert>}
      {page.nextCursor && (
        <div className="flex justify-center border-t border-zinc-200 px-5 py-3 dark:border-white/10">
          <Button variant="secondary" size="sm" onClick={loadMore} pending={loading}>
            Load more
          </Button>
        </div>
      )}
    </Card>
  );
}
