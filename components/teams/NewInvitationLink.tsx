"use client";

import { useEffect, useRef } from "react";
import { Link2 } from "lucide-react";
import type { InvitationCreated } from "@/lib/api";
import { formatDateTime } from "../format/time";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";

/** The invitation's link, shown this once (only its hash is stored), and whom it is meant for. */
export function NewInvitationLink({ invitation, email, onDismiss }: { invitation: InvitationCreated; email: string | null; onDismiss: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [invitation.id]);

  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="new-invitation-title"
      className="rounded-xl border border-brand-500/40 bg-brand-50 p-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-brand-500/40 dark:bg-brand-500/10"
    >
      <div className="flex items-start gap-3">
        <Link2 aria-hidden className="mt-0.5 size-5 shrink-0 text-brand-600 dark:text-brand-500" />
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <h3 id="new-invitation-title" className="font-semibold text-zinc-900 dark:text-white">
              {email ? `Invitation for ${email}` : "Invitation for anyone with the link"}
            </h3>
            <p className="mt-0.5 text-sm text-zinc-700 dark:text-zinc-300">
              Send this link{email ? ` to ${email}` : ""}. Copy it now: it is not shown again. It works until {formatDateTime(invitation.expiresAt)}, once.
            </p>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="invitation-link"
              className="min-w-0 flex-1 select-all break-all rounded-lg bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 dark:bg-zinc-950 dark:text-zinc-100 dark:ring-zinc-700"
            >
              {invitation.url}
            </code>
            <CopyButton value={invitation.url} size="md" label="Copy link" />
          </div>
          <Button variant="ghost" size="sm" onClick={onDismiss} className="-ml-2.5">
            Done, hide the link
          </Button>
        </div>
      </div>
    </section>
  );
}
