import { ROLE_GRANTS, TEAM_ROLES } from "@/lib/teams/roles";
import type { InvitationSummary } from "./invitation-types";

/** "You are invited to join <team> as an editor", and what that role may do. */
export function InvitationOffer({ invitation }: { invitation: InvitationSummary }) {
  const article = /^[aeiou]/.test(invitation.role) ? "an" : "a";
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">
        Join <span className="break-words">{invitation.teamName}</span>
      </h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        You are invited to join the team <strong className="font-medium text-zinc-900 dark:text-white">{invitation.teamName}</strong> as {article}{" "}
        <strong className="font-medium text-zinc-900 dark:text-white">{invitation.role}</strong>: you will be able to {ROLE_GRANTS.viewer}
        {invitation.role !== "viewer" && <>, and {grantsUpTo(invitation.role)}</>}.
      </p>
      {invitation.email && (
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          This invitation is for <strong className="font-medium text-zinc-900 dark:text-white">{invitation.email}</strong>.
        </p>
      )}
    </>
  );
}

/** What a role adds beyond viewing: each role includes the ones below it. */
function grantsUpTo(role: InvitationSummary["role"]): string {
  return TEAM_ROLES.slice(1, TEAM_ROLES.indexOf(role) + 1)
    .map((r) => ROLE_GRANTS[r])
    .join("; ");
}
