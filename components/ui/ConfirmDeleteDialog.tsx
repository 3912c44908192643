"use client";

import { useState, type ReactNode } from "react";
import { ApiRequestError, errorMessage } from "@/lib/api-fetch";
import { ErrorAlert } from "./Alert";
import { Button } from "./Button";
import { Dialog } from "./Dialog";

type Props = {
  open: boolean;
  title: string;
  description: ReactNode;
  /** The danger button's label, e.g. "Delete" or "Revoke". */
  confirmLabel: string;
  /** The request that removes the thing; a 404 counts as done (removed in another tab). */
  remove: () => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
};

/** Asks before removing something for good; Cancel and Esc keep it, a failure is shown in place. */
export function ConfirmDeleteDialog({ open, title, description, confirmLabel, remove, onClose, onDone }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setError(null);
    onClose();
  }

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      await remove();
    } catch (err) {
      // Already gone (removed in another tab): the outcome the user asked for.
      if (!(err instanceof ApiRequestError && err.status === 404)) {
        setError(errorMessage(err));
        setPending(false);
        return;
      }
    }
    setPending(false);
    onDone();
  }

  return (
    <Dialog open={open} onClose={close} dismissible={!pending} title={title} description={description}>
      {error && <ErrorAlert className="mb-4">{error}</ErrorAlert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={close} disabled={pending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm} pending={pending}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
