import { ScheduleListSkeleton } from "@/components/schedules/ScheduleListSkeleton";
import { Skeleton } from "@/components/ui/Skeleton";

export default function SchedulesLoading() {
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Schedules</h1>
          <Skeleton className="mt-2 h-4 w-64 max-w-full" />
        </div>
        <Skeleton className="h-10 w-36 rounded-lg" />
      </div>
      <Skeleton className="h-28 rounded-xl" />
      <div className="flex flex-col gap-3 sm:flex-row sm:justify-between">
        <Skeleton className="h-10 w-full rounded-lg sm:w-72" />
        <Skeleton className="h-10 w-60 rounded-lg" />
      </div>
      <ScheduleListSkeleton count={3} />
    </div>
  );
}
