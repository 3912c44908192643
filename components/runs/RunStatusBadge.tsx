import { Ban, CircleCheck, CircleDashed, CircleHelp, CircleSlash, CircleX, Clock, LoaderCircle, TimerOff, type LucideIcon } from "@/components/ui/icons";
import type { RunStatus } from "@/lib/api";
import { cn } from "../ui/cn";
import { RUN_STATUS_LABELS } from "./run-status";

type Look = { icon: LucideIcon; className: string; spin?: boolean };

// Colour is never the only signal: every status has its own icon and its words.
const looks: Record<RunStatus, Look> = {
  queued: { icon: Clock, className: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600" },
  running: { icon: LoaderCircle, spin: true, className: "bg-sky-50 text-sky-800 ring-sky-200 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-500/30" },
  succeeded: { icon: CircleCheck, className: "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-500/30" },
  failed: { icon: CircleX, className: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-500/30" },
  timed_out: { icon: TimerOff, className: "bg-orange-50 text-orange-800 ring-orange-200 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-500/30" },
  skipped: { icon: Ban, className: "bg-zinc-50 text-zinc-600 ring-zinc-200 dark:bg-zinc-800/60 dark:text-zinc-400 dark:ring-zinc-700" },
  lost: { icon: CircleHelp, className: "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-500/30" },
  missed: { icon: CircleSlash, className: "bg-rose-50 text-rose-800 ring-rose-200 dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-500/30" },
};

const neverRun: Look = { icon: CircleDashed, className: "bg-transparent text-zinc-500 ring-zinc-200 dark:text-zinc-400 dark:ring-zinc-700" };

/** A run's status as a pill: colour, icon and words; null means the schedule has never run. */
export function RunStatusBadge({ status, className }: { status: RunStatus | null; className?: string }) {
  const look = status ? looks[status] : neverRun;
  const Icon = look.icon;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        look.className,
        className,
      )}
    >
      <Icon aria-hidden className={cn("size-3.5 shrink-0", look.spin && "animate-spin motion-reduce:animate-none")} />
      {status ? RUN_STATUS_LABELS[status] : "never run"}
    </span>
  );
}
