"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { Pencil, Play, Trash2 } from "@/components/ui/icons";
import { api, errorMessage, type ScheduleOut } from "@/lib/api";
import { RunStatusBadge } from "../runs/RunStatusBadge";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { useTeamPermission } from "../teams/TeamContext";
import { useToast } from "../ui/Toast";
import { cn } from "../ui/cn";
import { DeleteScheduleDialog } from "./DeleteScheduleDialog";
import { EnabledSwitch } from "./EnabledSwitch";
import { isHeartbeat, nextRunLabel } from "./heartbeat";
import { NextRun } from "./NextRun";
import { ScheduleForm } from "./ScheduleForm";

type Props = {
  schedule: ScheduleOut;
  /** The schedule as it now stands (optimistically, then as the server says). */
  onChange: (schedule: ScheduleOut) => void;
  onDeleted: (schedule: ScheduleOut) => void;
};

/** One schedule: what it runs and when, with its switch and actions; Edit turns the card into the form. */
export function ScheduleCard({ schedule, onChange, onDeleted }: Props) {
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [running, setRunning] = useState(false);
  const titleId = `schedule-${schedule.id}-title`;
  const edit = useTeamPermission(schedule.teamId, "editor");

  async function toggle(isEnabled: boolean) {
    const before = schedule;
    onChange({ ...schedule, isEnabled });
    setToggling(true);
    try {
      onChange(await api.schedules.toggle(schedule.id, isEnabled));
    } catch (err) {
      onChange(before);
      toast.show(`Could not ${isEnabled ? "enable" : "disable"} “${schedule.name}”: ${errorMessage(err)}`, "error");
    } finally {
      setToggling(false);
    }
  }

  async function runNow() {
    setRunning(true);
    try {
      await api.schedules.run(schedule.id);
      toast.show(`“${schedule.name}” queued: a worker starts it within a few seconds.`, "success");
    } catch (err) {
      toast.show(`Could not run “${schedule.name}”: ${errorMessage(err)}`, "error");
    } finally {
      setRunning(false);
    }
  }

  return (
    <Card aria-labelledby={titleId} className={cn("p-4 sm:p-5", !schedule.isEnabled && !editing && "bg-zinc-50/80 dark:bg-zinc-900/60")}>
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 id={titleId} className="min-w-0 break-words font-semibold text-zinc-900 dark:text-white">
              <Link href={`/schedules/${encodeURIComponent(schedule.id)}`} className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand-600">
                {schedule.name}
              </Link>
            </h3>
            <span className="rounded-md bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" title="Job type">
              {schedule.entrypoint}
            </span>
            {!schedule.isEnabled && <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Disabled</span>}
          </div>
          {schedule.description && <p className="mt-1 break-words text-sm text-zinc-600 dark:text-zinc-400">{schedule.description}</p>}
        </div>
        <EnabledSwitch checked={schedule.isEnabled} label={`Enabled: ${schedule.name}`} onChange={toggle} disabled={toggling || editing || !edit.allowed} title={edit.reason} />
      </div>

      {editing ? (
        <div className="mt-4 border-t border-zinc-200 pt-4 dark:border-white/10">
          <ScheduleForm
            schedule={schedule}
            onCancel={() => setEditing(false)}
            onSaved={(saved) => {
              setEditing(false);
              onChange(saved);
              toast.show(`Saved “${saved.name}”.`, "success");
            }}
          />
        </div>
      ) : (
        <>
          <p className="mt-3 flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm text-zinc-800 dark:text-zinc-200">
            <span>{schedule.cronHuman}</span>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">{schedule.cronExpression}</code>
          </p>
          <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1.5 text-sm sm:grid-cols-3">
            <Meta label="Time zone">{schedule.timezone}</Meta>
            <Meta label={nextRunLabel(schedule)}>
              <NextRun at={schedule.nextRunAt} timezone={schedule.timezone} />
            </Meta>
            <Meta label="Last run">
              <RunStatusBadge status={schedule.lastRunStatus} />
            </Meta>
          </dl>
          {edit.allowed ? (
          <div className="mt-4 flex flex-wrap gap-2">
            {/* A heartbeat check runs nothing here: its runs come from pings (the API refuses Run now). */}
            {!isHeartbeat(schedule) && (
              <Button variant="secondary" size="sm" onClick={runNow} pending={running}>
                {!running && <Play aria-hidden className="size-4" />}
                Run now<span className="sr-only"> {schedule.name}</span>
              </Button>
            )}
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              <Pencil aria-hidden className="size-4" />
              Edit<span className="sr-only"> {schedule.name}</span>
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setDeleting(true)} className="text-red-700 hover:bg-red-50 hover:text-red-800 dark:text-red-400 dark:hover:bg-red-500/10 dark:hover:text-red-300">
              <Trash2 aria-hidden className="size-4" />
              Delete<span className="sr-only"> {schedule.name}</span>
            </Button>
          </div>
          ) : (
            <p className="mt-4 text-xs text-zinc-500 dark:text-zinc-400">{edit.reason}.</p>
          )}
        </>
      )}

      <DeleteScheduleDialog
        schedule={schedule}
        open={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => {
          setDeleting(false);
          onDeleted(schedule);
          toast.show(`Deleted “${schedule.name}”.`, "success");
        }}
      />
    </Card>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-center gap-2 sm:block">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 truncate text-zinc-800 sm:mt-0.5 dark:text-zinc-200">{children}</dd>
    </div>
  );
}
