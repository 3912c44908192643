"use client";

import { KeyRound } from "@/components/ui/icons";
import { ShownOnce } from "../ui/ShownOnce";
import type { CreatedApiToken } from "./types";

/** The freshly created token, shown this once. */
export function NewTokenNotice({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  return (
    <ShownOnce
      id={token.id}
      icon={KeyRound}
      title={`Token “${token.name}” created`}
      explanation="Copy this token now: it won't be shown again"
      value={token.token}
      dismissLabel="I've saved it, hide the token"
      onDismiss={onDismiss}
    />
  );
}
