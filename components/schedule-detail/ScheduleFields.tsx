"use client";

import type { ReactNode } from "react";
import type { ScheduleOut } from "@/lib/api";
import { describeRules } from "../alerts/alert-labels";
import { JsonBlock } from "../runs/JsonBlock";
import { LocalTime } from "../runs/LocalTime";
import { RunStatusBadge } from "../runs/RunStatusBadge";
import { isHeartbeat, nextRunLabel } from "../schedules/heartbeat";
import { NextRun } from "../schedules/NextRun";
import { cn } from "../ui/cn";

const OVERLAP: Record<ScheduleOut["overlapPolicy"], string> = {
  skip: "Skip a slot while the previous run is still running",
  allow: "Allow runs to overlap",
};

const MISFIRE: Record<ScheduleOut["misfirePolicy"], string> = {
  run_once: "After downtime, run the latest missed slot once",
  skip: "After downtime, skip missed slots",
};

const seconds = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "second" : "seconds"}`;

/** Every setting of a schedule, read-only; "Edit" swaps this for the form. */
export function ScheduleFields({ schedule, jobTypeTitle }: { schedule: ScheduleOut; jobTypeTitle?: string }) {
  const heartbeat = isHeartbeat(schedule);
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-4 sm:grid-cols-2">
      <Item label="Description" wide>
        {schedule.description ? <p className="whitespace-pre-wrap">{schedule.description}</p> : <Muted>No description</Muted>}
      </Item>
      <Item label="Schedule" wide>
        <p>{schedule.cronHuman}</p>
        <code className="mt-1 inline-block rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-sm text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
          {schedule.cronExpression}
        </code>
      </Item>
      <Item label="Time zone">{schedule.timezone}</Item>
      <Item label="Status">{schedule.isEnabled ? "Enabled" : "Paused: it will not fire until enabled"}</Item>
      <Item label="Job type">
        {jobTypeTitle ? `${jobTypeTitle} ` : null}
        <code className="font-mono text-xs text-zinc-600 dark:text-zinc-400">({schedule.entrypoint})</code>
      </Item>
      {/* A heartbeat check runs nothing: its timeout is how long a /start ping waits for its end. */}
      <Item label={heartbeat ? "Start ping timeout" : "Timeout"}>{seconds(schedule.timeoutSeconds)}</Item>
      <Item label="Payload" wide>
        <JsonBlock value={schedule.payload ?? null} label="Payload" />
      </Item>
      {/* Policies of runs this app starts: a heartbeat check starts none. */}
      {!heartbeat && (
        <>
          <Item label="Overlap">{OVERLAP[schedule.overlapPolicy]}</Item>
          <Item label="Misfire">{MISFIRE[schedule.misfirePolicy]}</Item>
          <Item label="Retries">{schedule.maxRetries === 0 ? "None" : schedule.maxRetries}</Item>
          <Item label="Retry delay">{seconds(schedule.retryDelaySeconds)}</Item>
        </>
      )}
      <Item label="Alerts" wide>
        {schedule.alerts ? describeRules(schedule.alerts) : <Muted>Off: nobody is told when it fails</Muted>}
        {schedule.alerts && schedule.consecutiveFailures > 0 && (
          <p className="mt-1 text-red-700 dark:text-red-400">Failing now: {schedule.consecutiveFailures} {schedule.consecutiveFailures === 1 ? "failure" : "failures"} in a row</p>
        )}
      </Item>
      <Item label="Last run">
        <span className="flex flex-wrap items-center gap-2">
          <RunStatusBadge status={schedule.lastRunStatus} />
          {schedule.lastRunAt && <LocalTime value={schedule.lastRunAt} mode="relative" />}
        </span>
      </Item>
      <Item label={nextRunLabel(schedule)}>
        {schedule.isEnabled ? <NextRun at={schedule.nextRunAt} timezone={schedule.timezone} /> : <Muted>paused</Muted>}
      </Item>
      <Item label="Created">
        <LocalTime value={schedule.createdAt} />
      </Item>
      <Item label="Updated">
        <LocalTime value={schedule.updatedAt} />
      </Item>
    </dl>
  );
}

function Item({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={cn("min-w-0", wide && "sm:col-span-2")}>
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-1 break-words text-sm text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-zinc-500 dark:text-zinc-400">{children}</span>;
}
