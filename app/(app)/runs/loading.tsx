import { RunListSkeleton } from "@/components/runs/RunListSkeleton";
import { Skeleton } from "@/components/ui/Skeleton";

export default function RunsLoading() {
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <Skeleton className="h-8 w-24" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <RunListSkeleton />
    </div>
  );
}
