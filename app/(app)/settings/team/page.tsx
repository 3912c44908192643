import type { Metadata } from "next";
import { TeamSettings } from "@/components/teams/TeamSettings";
import { getAlertSettings } from "@/lib/alerts/settings";
import { listChannels } from "@/lib/alerts/team-channels";
import { getTeamLlmEndpoint } from "@/lib/llm/team-endpoint";
import { listSchedules } from "@/lib/schedules/schedules";
import { listSecrets } from "@/lib/secrets/team-secrets";
import { listAudit } from "@/lib/teams/audit";
import { listInvitations } from "@/lib/teams/invitations";
import { requirePageAccess } from "@/lib/teams/page-access";
import { roleAtLeast } from "@/lib/teams/roles";
import { getTeam, listMembers } from "@/lib/teams/teams";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Team" };

/** The audit log's first page; the client loads more, and reloads on a filter. */
const AUDIT_PAGE_SIZE = 20;
/** The schedules offered by the log's schedule filter (a team with more is filtered by the first ones). */
const SCHEDULE_FILTER_LIMIT = 200;

// The team chosen in the sidebar: its name, members, invitations (admins), alert channels and
// settings, secrets (names only), model endpoint for llm jobs, and audit log.
export default async function TeamSettingsPage() {
  const { user, access, db, teamId } = await requirePageAccess();
  const team = await getTeam(db, access, teamId);
  const [members, invitations, audit, schedules, channels, alertSettings, llmEndpoint, secrets] = await Promise.all([
    listMembers(db, access, teamId),
    roleAtLeast(team.role, "admin") ? listInvitations(db, access, teamId) : null,
    listAudit(db, access, teamId, { limit: AUDIT_PAGE_SIZE }),
    listSchedules(db, access, { teamId, limit: SCHEDULE_FILTER_LIMIT }),
    listChannels(db, access, teamId),
    getAlertSettings(db, access, teamId),
    getTeamLlmEndpoint(db, access, teamId),
    listSecrets(db, access, teamId),
  ]);
  return (
    <TeamSettings
      key={teamId}
      userId={user.id}
      team={team}
      members={members.items}
      invitations={invitations?.items ?? null}
      channels={channels.items}
      secrets={secrets.items}
      alertSettings={alertSettings}
      llmEndpoint={llmEndpoint}
      audit={audit}
      auditPageSize={AUDIT_PAGE_SIZE}
      schedules={schedules.items.map((s) => ({ id: s.id, name: s.name }))}
    />
  );
}
