"use client";

import Link from "next/link";
import type { AlertEventOut } from "@/lib/api";
import { LocalTime } from "../runs/LocalTime";
import { cn } from "../ui/cn";
import { ALERT_TYPE_INFO, alertLabel, alertScheduleName, alertSummary, missedSlot, TONE_CLASSES } from "./alert-labels";
import { DeliveryList } from "./DeliveryList";

type Props = {
  event: AlertEventOut;
  /** Name (and link to) the schedule it is about: in lists across schedules. */
  showSchedule?: boolean;
  /** Each channel's delivery as a chip, without errors (a short list, such as the overview's). */
  compact?: boolean;
};

/** One alert: what happened, when, and how each channel took it. */
export function AlertEventItem({ event, showSchedule, compact }: Props) {
  const info = ALERT_TYPE_INFO[event.type];
  const Icon = info.icon;
  const summary = alertSummary(event);
  const slot = missedSlot(event);
  const scheduleName = alertScheduleName(event);
  return (
    <li className="flex gap-3 px-5 py-3.5">
      <span className={cn("mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-lg", TONE_CLASSES[info.tone])}>
        <Icon aria-hidden className="size-4" />
      </span>
      <div className="min-w-0 flex-1 space-y-1.5">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3">
          <p className="text-sm font-medium text-zinc-900 dark:text-white">
            {alertLabel(event)}
            {showSchedule && event.scheduleId && (
              <>
                <span className="font-normal text-zinc-500 dark:text-zinc-400"> · </span>
                <Link href={`/schedules/${encodeURIComponent(event.scheduleId)}`} className="text-brand-700 hover:underline dark:text-brand-400">
                  {scheduleName ?? "its schedule"}
                </Link>
              </>
            )}
          </p>
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            <LocalTime value={event.at} mode="relative" />
          </span>
        </div>
        {(summary || slot) && (
          <p className="break-words text-sm text-zinc-600 dark:text-zinc-400">
            {summary}
            {slot && (
              <>
                {" "}
                (the run due <LocalTime value={slot} />)
              </>
            )}
          </p>
        )}
        <DeliveryList deliveries={event.deliveries} compact={compact} />
      </div>
    </li>
  );
}
