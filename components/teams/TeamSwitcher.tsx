"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Settings, Users } from "@/components/ui/icons";
import { rememberTeam } from "./remember-team";
import { useTeams } from "./TeamContext";

/**
 * The sidebar's team picker: the schedules, runs, the @cron bar and the assistant act in the team
 * chosen here. The choice is a cookie (lib/teams/chosen-team.ts) that the server pages read, so
 * a refresh renders them for the new team.
 */
export function TeamSwitcher({ onNavigate }: { onNavigate?: () => void }) {
  const teams = useTeams();
  const router = useRouter();
  // Shown at once, until the refreshed pages bring the new current team; a team chosen elsewhere
  // meanwhile (a team just created, an invitation accepted) wins, as `from` no longer matches.
  const [chosen, setChosen] = useState<{ id: string; from: string } | null>(null);
  if (!teams) return null;
  const value = chosen && chosen.from === teams.current.id ? chosen.id : teams.current.id;

  function choose(teamId: string) {
    if (!teams) return;
    setChosen({ id: teamId, from: teams.current.id });
    rememberTeam(teams.userId, teamId);
    router.refresh();
  }

  return (
    <div className="px-3 pt-2">
      <label htmlFor="team-switcher" className="flex items-center gap-1.5 px-2 text-xs font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">
        <Users aria-hidden className="size-3.5" />
        Team
      </label>
      <div className="mt-1.5 flex items-center gap-1">
        <select
          id="team-switcher"
          value={value}
          onChange={(e) => choose(e.target.value)}
          className="h-9 min-w-0 flex-1 rounded-lg bg-white px-2 text-sm font-medium text-zinc-900 ring-1 ring-inset ring-zinc-200 focus-visible:outline-2 focus-visible:outline-brand-600 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-white/10"
        >
          {teams.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.personal ? `${team.name} (personal)` : team.name} · {team.role}
            </option>
          ))}
        </select>
        <Link
          href="/settings/team"
          onClick={onNavigate}
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-lg text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white"
        >
          <Settings aria-hidden className="size-4" />
          <span className="sr-only">Team settings</span>
        </Link>
      </div>
    </div>
  );
}
