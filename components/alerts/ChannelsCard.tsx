"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { BellRing, Plus } from "@/components/ui/icons";
import { api, type ChannelOut, type TeamOut } from "@/lib/api";
import { roleAtLeast } from "@/lib/teams/roles";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { ChannelForm } from "./ChannelForm";
import { ChannelItem } from "./ChannelItem";
import { NewSigningSecret } from "./NewSigningSecret";

type Editing = { kind: "add" } | { kind: "edit"; channel: ChannelOut } | null;
type Secret = { channelId: string; channelName: string; secret: string; rotated: boolean };

/** The team's alert channels: everyone sees them; admins add, test, edit, rotate and delete. */
export function ChannelsCard({ team, channels }: { team: TeamOut; channels: ChannelOut[] }) {
  const router = useRouter();
  const canManage = roleAtLeast(team.role, "admin");
  const [editing, setEditing] = useState<Editing>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const [deleting, setDeleting] = useState<ChannelOut | null>(null);
  const [rotating, setRotating] = useState<ChannelOut | null>(null);

  const description = canManage
    ? "Where alerts go: a webhook, Slack, Discord, Teams, ntfy or email. Schedules choose their channels in their Alerts section."
    : "Where this team's alerts go. Adding and changing channels needs the admin role.";

  return (
    <Card aria-labelledby="channels-title">
      <CardHeader
        titleId="channels-title"
        icon={<BellRing className="size-4" />}
        title="Channels"
        description={description}
        action={
          canManage && editing?.kind !== "add" ? (
            <Button size="sm" onClick={() => setEditing({ kind: "add" })}>
              <Plus aria-hidden className="size-4" />
              Add channel
            </Button>
          ) : undefined
        }
      />
      {(editing?.kind === "add" || secret) && (
        <CardBody className="space-y-5 border-b border-zinc-200 dark:border-white/10">
          {secret && (
            <NewSigningSecret
              id={`${secret.channelId}-${secret.secret.slice(-6)}`}
              channelName={secret.channelName}
              secret={secret.secret}
              rotated={secret.rotated}
              onDismiss={() => setSecret(null)}
            />
          )}
          {editing?.kind === "add" && (
            <ChannelForm
              teamId={team.id}
              onCancel={() => setEditing(null)}
              onSaved={(created) => {
                setEditing(null);
                if (created.secret) setSecret({ channelId: created.id, channelName: created.name, secret: created.secret, rotated: false });
                router.refresh();
              }}
            />
          )}
        </CardBody>
      )}
      {channels.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500 dark:text-zinc-400">
          No channels yet.{canManage ? " Add one, send it a test, then pick it in a schedule's Alerts section." : ""}
        </p>
      ) : (
        <ul aria-labelledby="channels-title" className="divide-y divide-zinc-200 dark:divide-white/10">
          {channels.map((channel) =>
            editing?.kind === "edit" && editing.channel.id === channel.id ? (
              <li key={channel.id} className="px-5 py-4">
                <ChannelForm
                  teamId={team.id}
                  channel={channel}
                  onCancel={() => setEditing(null)}
                  onSaved={() => {
                    setEditing(null);
                    router.refresh();
                  }}
                />
              </li>
            ) : (
              <ChannelItem
                key={channel.id}
                channel={channel}
                canManage={canManage}
                onEdit={() => setEditing({ kind: "edit", channel })}
                onRotate={() => setRotating(channel)}
                onDelete={() => setDeleting(channel)}
              />
            ),
          )}
        </ul>
      )}
      <ConfirmDeleteDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "this channel"}?`}
        description="Schedules stop sending to it. Its past alerts stay in the history under its name."
        confirmLabel="Delete"
        remove={() => api.channels.delete(team.id, deleting!.id)}
        onClose={() => setDeleting(null)}
        onDone={() => {
          if (secret?.channelId === deleting?.id) setSecret(null);
          setDeleting(null);
          router.refresh();
        }}
      />
      <ConfirmDeleteDialog
        open={rotating !== null}
        title={`Rotate the signing secret of ${rotating?.name ?? "this webhook"}?`}
        description="The current secret stops working at once: the receiver must be given the new one, shown once next."
        confirmLabel="Rotate secret"
        remove={async () => {
          const { secret: value } = await api.channels.rotateSecret(team.id, rotating!.id);
          setSecret({ channelId: rotating!.id, channelName: rotating!.name, secret: value, rotated: true });
        }}
        onClose={() => setRotating(null)}
        onDone={() => setRotating(null)}
      />
    </Card>
  );
}
