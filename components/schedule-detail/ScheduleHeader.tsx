"use client";

import type { Ref } from "react";
import { Pencil, Play, Trash2 } from "@/components/ui/icons";
import type { ScheduleOut } from "@/lib/api";
import { EnabledSwitch } from "../schedules/EnabledSwitch";
import { isHeartbeat } from "../schedules/heartbeat";
import { useTeamPermission } from "../teams/TeamContext";
import { Button } from "../ui/Button";
import { Breadcrumb } from "./Breadcrumb";

type Props = {
  schedule: ScheduleOut;
  headingRef?: Ref<HTMLHeadingElement>;
  editing: boolean;
  running: boolean;
  onToggle: (next: boolean) => void;
  onRunNow: () => void;
  onEdit: () => void;
  onDelete: () => void;
};

/** Breadcrumb, name, the enable switch and the page's actions. */
export function ScheduleHeader({ schedule, headingRef, editing, running, onToggle, onRunNow, onEdit, onDelete }: Props) {
  const edit = useTeamPermission(schedule.teamId, "editor");
  return (
    <header className="space-y-3">
      <Breadcrumb current={schedule.name} />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 ref={headingRef} tabIndex={-1} className="break-words text-2xl font-semibold tracking-tight text-zinc-900 focus:outline-none dark:text-white">
            {schedule.name}
          </h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{schedule.cronHuman}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <label className="mr-2 inline-flex items-center gap-2 text-sm font-medium text-zinc-700 dark:text-zinc-300">
            <EnabledSwitch checked={schedule.isEnabled} label="Enabled" onChange={onToggle} disabled={!edit.allowed} title={edit.reason} />
            <span aria-hidden>{schedule.isEnabled ? "Enabled" : "Paused"}</span>
          </label>
          {edit.allowed ? (
          <>
          {/* A heartbeat check runs nothing here: its runs come from pings (the API refuses Run now). */}
          {!isHeartbeat(schedule) && (
            <Button onClick={onRunNow} pending={running}>
              {!running && <Play aria-hidden className="size-4" />}
              Run now
            </Button>
          )}
          {!editing && (
            <Button variant="secondary" onClick={onEdit}>
              <Pencil aria-hidden className="size-4" />
              Edit
            </Button>
          )}
          <Button variant="ghost" onClick={onDelete} className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-500/10 dark:hover:text-red-300">
            <Trash2 aria-hidden className="size-4" />
            Delete
          </Button>
          </>
          ) : (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{edit.reason}.</p>
          )}
        </div>
      </div>
    </header>
  );
}
