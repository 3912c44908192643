"use client";

import type { InvitationOut } from "@/lib/api";
import { LocalTime } from "../runs/LocalTime";
import { Button } from "../ui/Button";

/** Invitations neither used, revoked nor expired, each with Revoke. */
export function PendingInvitations({ invitations, onRevoke }: { invitations: InvitationOut[]; onRevoke: (invitation: InvitationOut) => void }) {
  return (
    <div className="border-t border-zinc-200 dark:border-white/10">
      <h3 id="pending-invitations-title" className="px-5 pt-4 text-sm font-semibold text-zinc-900 dark:text-white">
        Pending invitations
      </h3>
      {invitations.length === 0 ? (
        <p className="px-5 pb-4 pt-1 text-sm text-zinc-500 dark:text-zinc-400">None: every invitation was used, revoked or has expired.</p>
      ) : (
        <ul aria-labelledby="pending-invitations-title" className="divide-y divide-zinc-200 dark:divide-white/10">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:gap-4">
              <div className="min-w-0 flex-1 text-sm">
                <p className="truncate font-medium text-zinc-900 dark:text-white">{invitation.email ?? "Anyone with the link"}</p>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">
                  {invitation.role} · expires <LocalTime value={invitation.expiresAt} />
                </p>
              </div>
              <Button variant="secondary" size="sm" onClick={() => onRevoke(invitation)} className="self-start sm:self-center">
                Revoke<span className="sr-only"> the invitation for {invitation.email ?? "anyone with the link"}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
