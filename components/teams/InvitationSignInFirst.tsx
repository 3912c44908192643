import Link from "next/link";
import { buttonClasses } from "../ui/Button";
import type { InvitationSummary } from "./invitation-types";
import { InvitationOffer } from "./InvitationOffer";

/** Signed out: the offer, then sign in or register, both coming back to this invitation. */
export function InvitationSignInFirst({ invitation, returnTo, canRegister }: { invitation: InvitationSummary; returnTo: string; canRegister: boolean }) {
  const back = encodeURIComponent(returnTo);
  return (
    <>
      <InvitationOffer invitation={invitation} />
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">Sign in{canRegister ? " or create an account" : ""} to accept it; you will come back here.</p>
      <div className="mt-6 flex flex-col gap-2 sm:flex-row">
        <Link href={`/login?callbackUrl=${back}`} className={buttonClasses("primary")}>
          Sign in to accept
        </Link>
        {canRegister && (
          <Link href={`/register?callbackUrl=${back}`} className={buttonClasses("secondary")}>
            Create an account
          </Link>
        )}
      </div>
    </>
  );
}
