import { Server, ServerOff } from "@/components/ui/icons";
import { formatDateTime, formatRelative } from "../format/time";
import { Card } from "../ui/Card";
import { cn } from "../ui/cn";

type Props = { online: boolean; lastSeenAt: string | null };

export function WorkerStatusCard({ online, lastSeenAt }: Props) {
  const Icon = online ? Server : ServerOff;
  return (
    <Card aria-labelledby="worker-status-title" className="p-5">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Worker</p>
        <Icon aria-hidden className="size-4 text-zinc-400" />
      </div>
      <h2 id="worker-status-title" className="mt-2 flex items-center gap-2 text-lg font-semibold text-zinc-900 dark:text-white">
        <span aria-hidden className="relative flex size-2.5">
          {online && <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-400 opacity-60 motion-reduce:hidden" />}
          <span className={cn("relative inline-flex size-2.5 rounded-full", online ? "bg-emerald-500" : "bg-amber-500")} />
        </span>
        {online ? "Worker online" : "No worker online"}
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {lastSeenAt ? (
          <>
            Last seen{" "}
            <time dateTime={lastSeenAt} title={formatDateTime(lastSeenAt)}>
              {formatRelative(lastSeenAt)}
            </time>
          </>
        ) : (
          <>
            No worker has reported in yet. Start one with{" "}
            <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">npm run worker</code>.
          </>
        )}
      </p>
    </Card>
  );
}
