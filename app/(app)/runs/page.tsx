import type { Metadata } from "next";
import { RUNS_PAGE_SIZE } from "@/components/runs/paging";
import { RecentRuns } from "@/components/runs/RecentRuns";
import { isRunStatus } from "@/components/runs/run-status";
import { requirePageAccess } from "@/lib/teams/page-access";
import { listRuns } from "@/lib/runs/runs";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Runs" };

type Props = { searchParams: Promise<{ status?: string | string[] }> };

export default async function RunsPage({ searchParams }: Props) {
  const { access, db, teamId } = await requirePageAccess();
  const raw = (await searchParams).status;
  // An unknown ?status= shows every run rather than an error page.
  const status = typeof raw === "string" && isRunStatus(raw) ? raw : undefined;
  const runs = await listRuns(db, access, { status, limit: RUNS_PAGE_SIZE, teamId });
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Runs</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          Every run of this team's schedules, newest first. Expand a run to see its result or error.
        </p>
      </header>
      <RecentRuns key={`${teamId}:${status ?? "all"}`} initial={runs} initialStatus={status} />
    </div>
  );
}
