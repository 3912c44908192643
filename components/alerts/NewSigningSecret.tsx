"use client";

import { KeyRound } from "@/components/ui/icons";
import { ShownOnce } from "../ui/ShownOnce";

type Props = { id: string; channelName: string; secret: string; rotated: boolean; onDismiss: () => void };

/** A webhook's signing secret, shown this once (it is stored sealed and never shown again). */
export function NewSigningSecret({ id, channelName, secret, rotated, onDismiss }: Props) {
  return (
    <ShownOnce
      id={id}
      icon={KeyRound}
      title={rotated ? `New signing secret for ${channelName}` : `Signing secret for ${channelName}`}
      explanation={
        <>
          Give it to the receiver: it checks each request&apos;s <code className="font-mono text-xs">webhook-signature</code> header with it (Standard Webhooks). Copy it now: it is not shown
          again{rotated ? ", and the old one no longer works" : ""}.
        </>
      }
      value={secret}
      copyLabel="Copy secret"
      dismissLabel="Done, hide the secret"
      onDismiss={onDismiss}
      testId="webhook-secret"
    />
  );
}
