import { Card } from "../ui/Card";
import { Skeleton } from "../ui/Skeleton";

/** Placeholder cards shaped like ScheduleCard, announced once as loading. */
export function ScheduleListSkeleton({ count = 3 }: { count?: number }) {
  return (
    <div role="status" className="space-y-3">
      <span className="sr-only">Loading schedules…</span>
      {Array.from({ length: count }, (_, i) => (
        <Card key={i} className="p-4 sm:p-5">
          <div className="flex items-start justify-between gap-3">
            <Skeleton className="h-5 w-48 max-w-[60%]" />
            <Skeleton className="h-6 w-11 rounded-full" />
          </div>
          <Skeleton className="mt-3 h-4 w-72 max-w-full" />
          <div className="mt-3 grid gap-2 sm:grid-cols-3">
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
          </div>
          <div className="mt-4 flex gap-2">
            <Skeleton className="h-8 w-24 rounded-lg" />
            <Skeleton className="h-8 w-16 rounded-lg" />
            <Skeleton className="h-8 w-20 rounded-lg" />
          </div>
        </Card>
      ))}
    </div>
  );
}
