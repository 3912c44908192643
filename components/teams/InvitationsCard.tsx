"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { MailPlus } from "@/components/ui/icons";
import { api, type InvitationCreated, type InvitationOut, type TeamOut } from "@/lib/api";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { InviteForm } from "./InviteForm";
import { NewInvitationLink } from "./NewInvitationLink";
import { PendingInvitations } from "./PendingInvitations";

/** Invite someone (a link to send them) and the invitations not yet used; admins only. */
export function InvitationsCard({ team, invitations }: { team: TeamOut; invitations: InvitationOut[] | null }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ link: InvitationCreated; email: string | null } | null>(null);
  const [revoking, setRevoking] = useState<InvitationOut | null>(null);

  if (invitations === null || team.personal) {
    return (
      <Card aria-labelledby="invitations-title">
        <CardHeader
          titleId="invitations-title"
          icon={<MailPlus className="size-4" />}
          title="Invitations"
          description={team.personal ? "A personal team is yours alone: create a team below to share schedules." : "Inviting people needs the admin role in this team."}
        />
      </Card>
    );
  }

  return (
    <Card aria-labelledby="invitations-title">
      <CardHeader titleId="invitations-title" icon={<MailPlus className="size-4" />} title="Invite" description="Make a link, then send it. Whoever opens it signs in or registers, and joins with the role you chose." />
      <CardBody className="space-y-5">
        <InviteForm
          team={team}
          onCreated={(link, email) => {
            setCreated({ link, email });
            router.refresh();
          }}
        />
        {created && <NewInvitationLink invitation={created.link} email={created.email} onDismiss={() => setCreated(null)} />}
      </CardBody>
      <PendingInvitations invitations={invitations} onRevoke={setRevoking} />
      <ConfirmDeleteDialog
        open={revoking !== null}
        title="Revoke this invitation?"
        description={`Its link stops working${revoking?.email ? ` (it was for ${revoking.email})` : ""}.`}
        confirmLabel="Revoke"
        remove={() => api.teams.revokeInvitation(team.id, revoking!.id)}
        onClose={() => setRevoking(null)}
        onDone={() => {
          if (created?.link.id === revoking?.id) setCreated(null);
          setRevoking(null);
          router.refresh();
        }}
      />
    </Card>
  );
}
