"use client";

import type { AlertSettings, AuditEventOut, ChannelOut, InvitationOut, LlmEndpointOut, MemberOut, Page, SecretOut, TeamOut } from "@/lib/api";
import { AlertSettingsCard } from "../alerts/AlertSettingsCard";
import { ChannelsCard } from "../alerts/ChannelsCard";
import { SecretsCard } from "../secrets/SecretsCard";
import { AuditLogCard } from "./AuditLogCard";
import { CreateTeamCard } from "./CreateTeamCard";
import { InvitationsCard } from "./InvitationsCard";
import { LlmEndpointCard } from "./LlmEndpointCard";
import { MembersCard } from "./MembersCard";
import { TeamNameCard } from "./TeamNameCard";

type Props = {
  userId: string;
  team: TeamOut;
  members: MemberOut[];
  /** Null when the user may not see them (below admin). */
  invitations: InvitationOut[] | null;
  channels: ChannelOut[];
  /** The team's secrets (names, never values). */
  secrets: SecretOut[];
  alertSettings: AlertSettings;
  /** The team's model endpoint for llm jobs. */
  llmEndpoint: LlmEndpointOut;
  audit: Page<AuditEventOut>;
  auditPageSize: number;
  /** The team's schedules, for the audit log's filter. */
  schedules: { id: string; name: string }[];
};

/**
 * The chosen team's settings. Each card calls the API and then refreshes the server page, which
 * renders these props again from the database (so lists never drift from what was saved).
 */
export function TeamSettings({ userId, team, members, invitations, channels, secrets, alertSettings, llmEndpoint, audit, auditPageSize, schedules }: Props) {
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Team</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          <span className="font-medium text-zinc-800 dark:text-zinc-200">{team.name}</span>
          {team.personal ? " is your personal team" : ""}: you are {/^[aeiou]/.test(team.role) ? "an" : "a"} {team.role} here. Switch teams in the sidebar.
        </p>
      </header>
      <TeamNameCard team={team} />
      <MembersCard team={team} userId={userId} members={members} />
      <InvitationsCard team={team} invitations={invitations} />
      <ChannelsCard team={team} channels={channels} />
      <AlertSettingsCard team={team} settings={alertSettings} channels={channels} />
      <SecretsCard team={team} secrets={secrets} />
      <LlmEndpointCard team={team} endpoint={llmEndpoint} />
      <AuditLogCard teamId={team.id} initial={audit} pageSize={auditPageSize} schedules={schedules} />
      <CreateTeamCard userId={userId} />
    </div>
  );
}
