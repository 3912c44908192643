import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/AppShell";
import { requirePageAccess } from "@/lib/teams/page-access";
import { listTeams } from "@/lib/teams/teams";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user, access, db, teamId } = await requirePageAccess();
  const { items: teams } = await listTeams(db, access);
  // The chosen team is one of the user's (chosenTeamId checked it), so it is in the list.
  const current = teams.find((t) => t.id === teamId) ?? teams[0];
  return (
    <AppShell user={user} teams={{ userId: user.id, teams, current }}>
      {children}
    </AppShell>
  );
}
