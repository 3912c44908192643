"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Check } from "@/components/ui/icons";
import { api, errorMessage } from "@/lib/api";
import type { PublicUser } from "@/lib/users/accounts";
import { ErrorAlert } from "../ui/Alert";
import { Button, buttonClasses } from "../ui/Button";
import type { InvitationSummary } from "./invitation-types";
import { InvitationOffer } from "./InvitationOffer";
import { rememberTeam } from "./remember-team";

/**
 * Signed in: accept (join, then open the team's schedules) or decline (nothing is joined; the
 * link stays usable until it expires or is revoked). An invitation for another email is not
 * offered: the server would refuse it.
 */
export function InvitationAnswer({ token, invitation, user }: { token: string; invitation: InvitationSummary; user: PublicUser }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const otherAccount = invitation.email !== null && invitation.email.toLowerCase() !== user.email.toLowerCase();

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const { teamId } = await api.invitations.accept(token);
      // Open the team just joined: its schedules are what the newcomer came for.
      rememberTeam(user.id, teamId);
      router.push("/schedules");
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
      setPending(false);
    }
  }

  return (
    <>
      <InvitationOffer invitation={invitation} />
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        Signed in as <strong className="font-medium text-zinc-900 dark:text-white">{user.email}</strong>.
      </p>
      {otherAccount && (
        <ErrorAlert className="mt-4">
          This invitation is for {invitation.email}, not for {user.email}. Sign out and sign in with that account to accept it.
        </ErrorAlert>
      )}
      {error && <ErrorAlert className="mt-4">{error}</ErrorAlert>}
      <div className="mt-6 flex flex-col gap-2 sm:flex-row">
        {!otherAccount && (
          <Button onClick={accept} pending={pending}>
            {!pending && <Check aria-hidden className="size-4" />}
            Accept and join
          </Button>
        )}
        <Link href="/" className={buttonClasses("secondary")}>
          Decline
        </Link>
      </div>
    </>
  );
}
