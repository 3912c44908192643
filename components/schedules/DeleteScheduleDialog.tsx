"use client";

import { api, type ScheduleOut } from "@/lib/api";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";

type Props = { schedule: Pick<ScheduleOut, "id" | "name">; open: boolean; onClose: () => void; onDeleted: () => void };

/** Confirms deleting a schedule and its run history; Cancel and Esc keep it. */
export function DeleteScheduleDialog({ schedule, open, onClose, onDeleted }: Props) {
  return (
    <ConfirmDeleteDialog
      open={open}
      title={`Delete “${schedule.name}”?`}
      description={
        <p>
          <span className="font-medium text-zinc-900 dark:text-white">“{schedule.name}”</span> will stop firing and its run history will be
          deleted with it. This can&apos;t be undone.
        </p>
      }
      confirmLabel="Delete"
      remove={() => api.schedules.delete(schedule.id)}
      onClose={onClose}
      onDone={onDeleted}
    />
  );
}
