import type { ReactNode } from "react";
import { CircleAlert } from "@/components/ui/icons";
import { cn } from "./cn";

/** An error message announced to screen readers as soon as it appears. */
export function ErrorAlert({ children, action, className }: { children: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div
      role="alert"
      className={cn(
        "flex items-start gap-2.5 rounded-lg border border-red-200 bg-red-50 px-3.5 py-3 text-sm text-red-800",
        "dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300",
        className,
      )}
    >
      <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">{children}</div>
      {action}
    </div>
  );
}
