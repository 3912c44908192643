import type { Metadata } from "next";
import { SchedulesView } from "@/components/schedules/SchedulesView";
import type { Filter } from "@/components/schedules/ScheduleFilters";
import { requirePageAccess } from "@/lib/teams/page-access";
import { withPageOrigin } from "@/lib/api/page-origin";
import { listSchedules } from "@/lib/schedules/schedules";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Schedules" };

const PAGE_SIZE = 50; // the client loads more pages of the same size

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

export default async function SchedulesPage({ searchParams }: { searchParams: SearchParams }) {
  const { access, db, teamId } = await requirePageAccess();
  const params = await searchParams;
  const q = first(params.q).slice(0, 200);
  const rawFilter = first(params.filter);
  const filter: Filter = rawFilter === "enabled" || rawFilter === "disabled" ? rawFilter : "all";
  // Heartbeat checks' ping URLs name the host this page was asked for, as the API's answers do.
  const initial = await withPageOrigin(() =>
    listSchedules(db, access, {
      q: q || undefined,
      enabled: filter === "all" ? undefined : filter === "enabled" ? "true" : "false",
      limit: PAGE_SIZE,
      teamId,
    }),
  );
  // Keyed by team: switching teams starts the list afresh from this page's first page.
  return <SchedulesView key={teamId} initial={initial} query={{ q, filter }} />;
}
