import type { TeamRole } from "@/lib/teams/roles";

/** What the invitation page shows of a pending invitation (lib/teams/invitations.ts describeInvitation). */
export type InvitationSummary = { teamName: string; role: TeamRole; email: string | null };
