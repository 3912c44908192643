"use client";

import { useState } from "react";
import { ApiRequestError, api, errorMessage, type ScheduleOut } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";

type Props = { schedule: Pick<ScheduleOut, "id" | "name">; open: boolean; onClose: () => void; onDeleted: () => void };

/** Confirms deleting a schedule and its run history; Cancel and Esc keep it. */
export function DeleteScheduleDialog({ schedule, open, onClose, onDeleted }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function close() {
    setError(null);
    onClose();
  }

  async function remove() {
    setPending(true);
    setError(null);
    try {
      await api.schedules.delete(schedule.id);
    } catch (err) {
      // Already gone (deleted in another tab): the outcome the user asked for.
      if (!(err instanceof ApiRequestError && err.status === 404)) {
        setError(errorMessage(err));
        setPending(false);
        return;
      }
    }
    setPending(false);
    onDeleted();
  }

  return (
    <Dialog
      open={open}
      onClose={close}
      dismissible={!pending}
      title={`Delete “${schedule.name}”?`}
      description={
        <p>
          <span className="font-medium text-zinc-900 dark:text-white">“{schedule.name}”</span> will stop firing and its run history will be
          deleted with it. This can&apos;t be undone.
        </p>
      }
    >
      {error && <ErrorAlert className="mb-4">{error}</ErrorAlert>}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="secondary" onClick={close} disabled={pending} data-autofocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={remove} pending={pending}>
          Delete
        </Button>
      </div>
    </Dialog>
  );
}
