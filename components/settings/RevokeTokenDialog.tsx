"use client";

import { apiFetch } from "@/lib/api-fetch";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import type { ApiTokenInfo } from "./types";

type Props = { token: ApiTokenInfo | null; onCancel: () => void; onRevoked: (token: ApiTokenInfo) => void };

export function RevokeTokenDialog({ token, onCancel, onRevoked }: Props) {
  return (
    <ConfirmDeleteDialog
      open={token !== null}
      title="Revoke API token?"
      description={
        token && (
          <p>
            <span className="font-medium text-zinc-900 dark:text-white">“{token.name}”</span>{" "}
            (<code className="font-mono text-xs">{token.prefix}…</code>) will stop working immediately. Scripts and services using it
            will get 401 errors. This can&apos;t be undone.
          </p>
        )
      }
      confirmLabel="Revoke"
      remove={() => (token ? apiFetch(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" }) : Promise.resolve())}
      onClose={onCancel}
      onDone={() => token && onRevoked(token)}
    />
  );
}
