"use client";

import { useState } from "react";
import { ApiRequestError, apiFetch, errorMessage } from "@/lib/api-fetch";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import type { ApiTokenInfo } from "./types";

type Props = { token: ApiTokenInfo | null; onCancel: () => void; onRevoked: (token: ApiTokenInfo) => void };

export function RevokeTokenDialog({ token, onCancel, onRevoked }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setError(null);
    onCancel();
  }

  async function revoke() {
    if (!token) return;
    setPending(true);
    setError(null);
    try {
      await apiFetch(`/api/v1/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
    } catch (err) {
      // Already gone (revoked in another tab): the outcome the user asked for.
      if (!(err instanceof ApiRequestError && err.status === 404)) {
        setError(errorMessage(err));
        setPending(false);
        return;
      }
    }
    setPending(false);
    onRevoked(token);
  }

  return (
    <Dialog
      open={token !== null}
      onClose={close}
      dismissible={!pending}
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
    >
      {error && <ErrorAlert className="mb-4">{error}</ErrorAlert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={close} disabled={pending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={revoke} pending={pending}>
          Revoke
        </Button>
      </div>
    </Dialog>
  );
}
