import { cache } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AlertHistoryCard } from "@/components/alerts/AlertHistoryCard";
import { RUNS_PAGE_SIZE } from "@/components/runs/paging";
import { ScheduleDetail } from "@/components/schedule-detail/ScheduleDetail";
import { UPCOMING_COUNT } from "@/components/schedule-detail/upcoming";
import { listScheduleAlerts } from "@/lib/alerts/history";
import { ApiError } from "@/lib/api/errors";
import { withPageOrigin } from "@/lib/api/page-origin";
import { requirePageAccess } from "@/lib/teams/page-access";
import { nextRuns } from "@/lib/cron/next-runs";
import { listEntrypoints } from "@/lib/entrypoints/registry";
import { listRuns } from "@/lib/runs/runs";
import { getSchedule } from "@/lib/schedules/schedules";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The alert history's first page; the card loads more. */
const ALERTS_PAGE_SIZE = 10;

// One lookup per request, shared by the title and the page. A schedule of a team the user is not
// in is "not found" too (getSchedule checks its team).
const loadSchedule = cache(async (id: string) => {
  const { access, db } = await requirePageAccess();
  try {
    // A heartbeat check's ping URL names the host this page was asked for.
    return { access, db, schedule: await withPageOrigin(() => getSchedule(db, access, id)) };
  } catch (err) {
    if (err instanceof ApiError && err.code === "not_found") notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { schedule } = await loadSchedule((await params).id);
  return { title: schedule.name };
}

export default async function SchedulePage({ params }: Props) {
  const { access, db, schedule } = await loadSchedule((await params).id);
  const [runs, alerts] = await Promise.all([
    listRuns(db, access, { limit: RUNS_PAGE_SIZE }, schedule.id),
    listScheduleAlerts(db, access, schedule.id, { limit: ALERTS_PAGE_SIZE }),
  ]);
  const upcoming = nextRuns(schedule.cronExpression, schedule.timezone, new Date(), UPCOMING_COUNT).map((d) => d.toISOString());
  const jobTypeTitle = listEntrypoints().find((e) => e.key === schedule.entrypoint)?.title;

  return (
    <div className="space-y-6">
      <ScheduleDetail key={schedule.id} schedule={schedule} runs={runs} upcoming={upcoming} jobTypeTitle={jobTypeTitle} />
      <AlertHistoryCard key={`alerts-${schedule.id}`} scheduleId={schedule.id} initial={alerts} pageSize={ALERTS_PAGE_SIZE} />
    </div>
  );
}
