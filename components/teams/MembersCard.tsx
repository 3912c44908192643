"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Users } from "@/components/ui/icons";
import { api, errorMessage, type MemberOut, type TeamOut, type TeamRole } from "@/lib/api";
import { roleAtLeast } from "@/lib/teams/roles";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardHeader } from "../ui/Card";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { RolePicker } from "./RolePicker";
import { memberChangeRefusal } from "./member-rules";

/** Who is in the team, with a role picker and Remove for those who manage members (admins up). */
export function MembersCard({ team, userId, members }: { team: TeamOut; userId: string; members: MemberOut[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberOut | null>(null);
  const manages = roleAtLeast(team.role, "admin");
  // The last owner may not leave (the server refuses: a team needs an owner); Leave is not offered.
  const lastOwner = members.filter((m) => m.role === "owner").length === 1;

  async function changeRole(member: MemberOut, role: TeamRole) {
    setError(null);
    setBusy(member.userId);
    try {
      await api.teams.changeRole(team.id, member.userId, role);
      router.refresh();
    } catch (err) {
      setError(`Could not change ${member.email}'s role: ${errorMessage(err)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card aria-labelledby="members-title">
      <CardHeader
        titleId="members-title"
        icon={<Users className="size-4" />}
        title="Members"
        description={manages ? "Viewers read; editors change schedules; admins manage members; owners rename or delete the team." : "Managing members needs the admin role."}
      />
      {error && <ErrorAlert className="mx-5 mt-4">{error}</ErrorAlert>}
      <ul aria-label="Members" className="divide-y divide-zinc-200 dark:divide-white/10">
        {members.map((member) => {
          const refusal = team.personal ? "A personal team has one member, its owner" : memberChangeRefusal(team.role, member);
          const leaving = member.userId === userId;
          return (
            <li key={member.userId} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:gap-4">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium text-zinc-900 dark:text-white">
                  {member.name || member.email}
                  {leaving && <span className="ml-2 text-xs font-normal text-zinc-500 dark:text-zinc-400">(you)</span>}
                </p>
                {member.name && <p className="truncate text-sm text-zinc-500 dark:text-zinc-400">{member.email}</p>}
              </div>
              <RolePicker
                id={`role-${member.userId}`}
                label={`Role of ${member.email}`}
                value={member.role}
                mine={team.role}
                disabledReason={refusal}
                pending={busy === member.userId}
                onChange={(role) => changeRole(member, role)}
              />
              {/* Leaving is the member's own choice; removing others is for admins. A personal team has one member. */}
              {!team.personal && (leaving ? !(lastOwner && member.role === "owner") : !refusal) && (
                <Button variant="ghost" size="sm" onClick={() => setRemoving(member)} className="self-start text-red-700 hover:bg-red-50 sm:self-center dark:text-red-400 dark:hover:bg-red-500/10">
                  {leaving ? "Leave" : "Remove"}
                  <span className="sr-only"> {member.email}</span>
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <ConfirmDeleteDialog
        open={removing !== null}
        title={removing?.userId === userId ? `Leave “${team.name}”?` : `Remove ${removing?.email ?? ""}?`}
        description={removing?.userId === userId ? "You lose access to its schedules until someone invites you again." : "They lose access to the team's schedules at once."}
        confirmLabel={removing?.userId === userId ? "Leave team" : "Remove"}
        remove={() => api.teams.removeMember(team.id, removing!.userId)}
        onClose={() => setRemoving(null)}
        onDone={() => {
          setRemoving(null);
          router.refresh();
        }}
      />
    </Card>
  );
}
