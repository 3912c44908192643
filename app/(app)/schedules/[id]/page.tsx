import { cache } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RUNS_PAGE_SIZE } from "@/components/runs/paging";
import { ScheduleDetail } from "@/components/schedule-detail/ScheduleDetail";
import { UPCOMING_COUNT } from "@/components/schedule-detail/upcoming";
import { ApiError } from "@/lib/api/errors";
import { requirePageUser } from "@/lib/auth/current-user";
import { nextRuns } from "@/lib/cron/next-runs";
import { getDb } from "@/lib/db/client";
import { listEntrypoints } from "@/lib/entrypoints/registry";
import { listRuns } from "@/lib/runs/runs";
import { getSchedule } from "@/lib/schedules/schedules";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

// One lookup per request, shared by the title and the page. Another user's schedule is "not
// found" too: getSchedule scopes its query to the user.
const loadSchedule = cache(async (id: string) => {
  const user = await requirePageUser();
  const db = await getDb();
  try {
    return { user, db, schedule: await getSchedule(db, user.id, id) };
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
  const { user, db, schedule } = await loadSchedule((await params).id);
  const runs = await listRuns(db, user.id, { limit: RUNS_PAGE_SIZE }, schedule.id);
  const upcoming = nextRuns(schedule.cronExpression, schedule.timezone, new Date(), UPCOMING_COUNT).map((d) => d.toISOString());
  const jobTypeTitle = listEntrypoints().find((e) => e.key === schedule.entrypoint)?.title;

  return <ScheduleDetail key={schedule.id} schedule={schedule} runs={runs} upcoming={upcoming} jobTypeTitle={jobTypeTitle} />;
}
