import type { Metadata } from "next";
import { headers } from "next/headers";
import { CalendarClock, History } from "@/components/ui/icons";
import { RecentAlertsCard } from "@/components/alerts/RecentAlertsCard";
import { GettingStartedCard } from "@/components/overview/GettingStartedCard";
import { StatCard } from "@/components/overview/StatCard";
import { WorkerStatusCard } from "@/components/overview/WorkerStatusCard";
import { listTeamAlerts } from "@/lib/alerts/history";
import { publicOrigin } from "@/lib/api/origin";
import { requirePageAccess } from "@/lib/teams/page-access";
import { dueRuns } from "@/lib/runs/runs";
import { workerStatus } from "@/lib/workers/heartbeat";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Overview" };

/** The latest alerts the overview shows. */
const RECENT_ALERTS = 5;

export default async function OverviewPage() {
  // The team chosen in the sidebar, like the schedules and runs pages.
  const { user, access, db, teamId } = await requirePageAccess();
  const teamIds = [teamId];
  const [worker, schedules, runs, origin, alerts] = await Promise.all([
    workerStatus(db),
    db.schedule.count({ where: { teamId: { in: teamIds } } }),
    db.run.count({ where: { schedule: { teamId: { in: teamIds } }, AND: [dueRuns(new Date())] } }),
    headers().then((h) => publicOrigin(h) ?? "http://<host>"),
    listTeamAlerts(db, access, teamId, { limit: RECENT_ALERTS }),
  ]);

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Overview</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Welcome, {user.name || user.email}</p>
      </header>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <WorkerStatusCard online={worker.online} lastSeenAt={worker.lastSeenAt} />
        <StatCard
          label="Schedules"
          value={schedules}
          icon={CalendarClock}
          hint={schedules === 1 ? "schedule in this team" : "schedules in this team"}
          link={schedules === 0 ? { href: "/schedules", label: "Create your first schedule" } : { href: "/schedules", label: "Open schedules" }}
        />
        <StatCard label="Runs" value={runs} icon={History} hint={runs === 1 ? "run recorded so far" : "runs recorded so far"} link={{ href: "/runs", label: "See runs" }} />
      </div>

      <RecentAlertsCard alerts={alerts.items} />

      <GettingStartedCard origin={origin} />
    </div>
  );
}
