import { Skeleton } from "../ui/Skeleton";

/** Placeholder rows while a run list loads; announced once as a whole. */
export function RunListSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" className="rounded-xl bg-white shadow-sm ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-white/10">
      <span className="sr-only">Loading runs…</span>
      <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-4 dark:border-white/10">
        <Skeleton className="h-5 w-28" />
        <Skeleton className="h-9 w-36" />
      </div>
      <div className="divide-y divide-zinc-100 dark:divide-white/5">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="flex flex-wrap items-center gap-4 px-5 py-3.5">
            <Skeleton className="h-5 w-24 rounded-full" />
            <Skeleton className="h-4 w-36" />
            <Skeleton className="hidden h-4 w-36 sm:block" />
            <Skeleton className="h-4 w-14" />
          </div>
        ))}
      </div>
    </div>
  );
}
