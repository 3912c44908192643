"use client";

import { Link2 } from "@/components/ui/icons";
import type { InvitationCreated } from "@/lib/api";
import { formatDateTime } from "../format/time";
import { ShownOnce } from "../ui/ShownOnce";

/** The invitation's link, shown this once (only its hash is stored), and whom it is meant for. */
export function NewInvitationLink({ invitation, email, onDismiss }: { invitation: InvitationCreated; email: string | null; onDismiss: () => void }) {
  return (
    <ShownOnce
      id={invitation.id}
      icon={Link2}
      title={email ? `Invitation for ${email}` : "Invitation for anyone with the link"}
      explanation={`Send this link${email ? ` to ${email}` : ""}. Copy it now: it is not shown again. It works until ${formatDateTime(invitation.expiresAt)}, once.`}
      value={invitation.url}
      copyLabel="Copy link"
      dismissLabel="Done, hide the link"
      onDismiss={onDismiss}
      testId="invitation-link"
    />
  );
}
