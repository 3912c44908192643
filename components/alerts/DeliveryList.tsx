"use client";

import { CircleCheck, CircleX, Clock } from "@/components/ui/icons";
import type { AlertDelivery } from "@/lib/api";
import { LocalTime } from "../runs/LocalTime";
import { cn } from "../ui/cn";
import { CHANNEL_TYPE_INFO } from "./channel-types";
import { TONE_CLASSES } from "./alert-labels";

const STATUS = {
  delivered: { label: "Delivered", icon: CircleCheck, tone: TONE_CLASSES.good },
  pending: { label: "Pending", icon: Clock, tone: TONE_CLASSES.warn },
  failed: { label: "Failed", icon: CircleX, tone: TONE_CLASSES.bad },
} as const;

const typeLabel = (type: string) => (type in CHANNEL_TYPE_INFO ? CHANNEL_TYPE_INFO[type as keyof typeof CHANNEL_TYPE_INFO].label : type);

/**
 * Each channel an alert went to: delivered, pending (and when it is tried next) or failed, with the
 * last error; `compact`: only each channel's name and status, on one line.
 */
export function DeliveryList({ deliveries, compact }: { deliveries: AlertDelivery[]; compact?: boolean }) {
  if (deliveries.length === 0) return <p className="text-xs text-zinc-500 dark:text-zinc-400">Sent to no channel (the rules named none).</p>;
  if (compact) {
    return (
      <ul aria-label="Deliveries" className="flex flex-wrap gap-1.5">
        {deliveries.map((d) => {
          const status = STATUS[d.status];
          const Icon = status.icon;
          return (
            <li key={d.id} title={d.lastError ?? undefined} className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium", status.tone)}>
              <Icon aria-hidden className="size-3" />
              {d.channelName}
              <span className="sr-only">: {status.label.toLowerCase()}</span>
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <ul aria-label="Deliveries" className="space-y-1.5">
      {deliveries.map((d) => {
        const status = STATUS[d.status];
        const Icon = status.icon;
        return (
          <li key={d.id} className="text-xs">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className={cn("inline-flex items-center gap-1 rounded-full px-2 py-0.5 font-medium", status.tone)}>
                <Icon aria-hidden className="size-3" />
                {status.label}
                {d.lastStatus !== null && ` (${d.lastStatus})`}
              </span>
              <span className="font-medium text-zinc-800 dark:text-zinc-200">{d.channelName}</span>
              <span className="text-zinc-500 dark:text-zinc-400">
                {typeLabel(d.channelType)}
                {d.channelId === null && " · deleted"}
                {d.attempts > 1 && ` · ${d.attempts} attempts`}
                {d.status === "pending" && d.nextAttemptAt && (
                  <>
                    {" · next try "}
                    <LocalTime value={d.nextAttemptAt} mode="relative" />
                  </>
                )}
              </span>
            </div>
            {d.lastError && d.status !== "delivered" && <p className="mt-0.5 break-words pl-1 text-red-700 dark:text-red-400">{d.lastError}</p>}
          </li>
        );
      })}
    </ul>
  );
}
