"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { api, ApiRequestError, errorMessage, type Page, type RunOut, type ScheduleOut } from "@/lib/api";
import { useAssistantChanges } from "../assistant/AssistantProvider";
import { isActiveRun } from "../runs/run-status";
import { RunListPanel } from "../runs/RunListPanel";
import { useRunList, type LoadRuns } from "../runs/useRunList";
import { DeleteScheduleDialog } from "../schedules/DeleteScheduleDialog";
import { isHeartbeat } from "../schedules/heartbeat";
import { ScheduleForm } from "../schedules/ScheduleForm";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { useToast } from "../ui/Toast";
import { PingUrlCard } from "./PingUrlCard";
import { RecentRunsChartCard } from "./RecentRunsChartCard";
import { ScheduleFields } from "./ScheduleFields";
import { ScheduleHeader } from "./ScheduleHeader";
import { UPCOMING_COUNT } from "./upcoming";
import { UpcomingRuns } from "./UpcomingRuns";

type Props = {
  schedule: ScheduleOut;
  runs: Page<RunOut>;
  /** The next runs as ISO instants, computed by the server. */
  upcoming: string[];
  jobTypeTitle?: string;
};

/** The schedule page: its settings (edited in place), upcoming runs, health chart and run history. */
export function ScheduleDetail({ schedule: initialSchedule, runs: initialRuns, upcoming: initialUpcoming, jobTypeTitle }: Props) {
  const router = useRouter();
  const toast = useToast();
  const [schedule, setSchedule] = useState(initialSchedule);
  const [upcoming, setUpcoming] = useState(initialUpcoming);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [running, setRunning] = useState(false);
  // The run "Run now" queued: its row opens, so its output shows as it is written.
  const [openRunId, setOpenRunId] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const settings = useRef<HTMLDivElement>(null);
  const id = schedule.id;
  const heartbeat = isHeartbeat(schedule);

  const load = useCallback<LoadRuns>((query, signal) => api.schedules.runs(id, query, signal), [id]);
  const list = useRunList({ load, initial: initialRuns });

  // The chart always shows the latest runs of every status, whatever the history is filtered to.
  const [chartRuns, setChartRuns] = useState(initialRuns.items);
  if (list.status === undefined && list.runs !== chartRuns) setChartRuns(list.runs);

  // When the runs on screen have all finished, re-read the schedule for its last-run status.
  const hasActive = list.runs.some((r) => isActiveRun(r.status));
  const hadActive = useRef(hasActive);
  useEffect(() => {
    if (hadActive.current && !hasActive) {
      const controller = new AbortController();
      api.schedules.get(id, controller.signal).then(setSchedule, () => {});
      hadActive.current = hasActive;
      return () => controller.abort();
    }
    hadActive.current = hasActive;
  }, [hasActive, id]);

  // The assistant may have changed or deleted this schedule: show what the database now holds.
  useAssistantChanges(() => {
    api.schedules.get(id).then(showCurrent, (err: unknown) => {
      if (err instanceof ApiRequestError && err.status === 404) {
        toast.show("This schedule was deleted.", "info");
        router.push("/schedules");
      }
    });
  });

  const toggling = useRef(false);
  async function toggle(next: boolean) {
    // One change at a time, so answers cannot arrive out of order and undo a later click.
    if (toggling.current) return;
    toggling.current = true;
    // Optimistic: the switch moves at once and moves back if the server refuses.
    setSchedule((s) => ({ ...s, isEnabled: next }));
    try {
      setSchedule(await api.schedules.toggle(id, next));
      toast.show(next ? "Schedule enabled" : "Schedule paused", "success");
    } catch (err) {
      setSchedule((s) => ({ ...s, isEnabled: !next }));
      toast.show(`Could not ${next ? "enable" : "pause"} the schedule: ${errorMessage(err)}`, "error");
    } finally {
      toggling.current = false;
    }
  }

  async function runNow() {
    setRunning(true);
    try {
      const { run } = await api.schedules.run(id);
      const shown = list.prepend(run);
      setOpenRunId(run.id);
      setSchedule((s) => ({ ...s, lastRunStatus: run.status }));
      toast.show(shown ? "Run queued: it starts within a few seconds." : "Run queued. Set the status filter to All to follow it.", "success");
    } catch (err) {
      toast.show(`Could not start a run: ${errorMessage(err)}`, "error");
    } finally {
      setRunning(false);
    }
  }

  function openEditor() {
    setEditing(true);
    // The Edit button has gone; start keyboard users in the form's first field.
    requestAnimationFrame(() => settings.current?.querySelector<HTMLElement>("input, select, textarea")?.focus());
  }

  function closeEditor() {
    setEditing(false);
    // The Edit button is back; put focus at the top of what changed.
    requestAnimationFrame(() => heading.current?.focus());
  }

  function onSaved(saved: ScheduleOut) {
    showCurrent(saved);
    closeEditor();
    toast.show("Schedule saved", "success");
  }

  /** Shows `current` (saved here, or changed by the assistant), with new upcoming runs if its timing moved. */
  function showCurrent(current: ScheduleOut) {
    const saved = current;
    const timingChanged = saved.cronExpression !== schedule.cronExpression || saved.timezone !== schedule.timezone;
    setSchedule(saved);
    if (timingChanged) {
      api.cron.describe(saved.cronExpression, { timezone: saved.timezone, count: UPCOMING_COUNT }).then(
        (d) => setUpcoming(d.nextRuns),
        () => setUpcoming([]),
      );
    }
  }

  function onDeleted() {
    setDeleting(false);
    toast.show(`Deleted “${schedule.name}”`, "success");
    router.push("/schedules");
    router.refresh();
  }

  return (
    <div className="space-y-6">
      <ScheduleHeader
        schedule={schedule}
        headingRef={heading}
        editing={editing}
        running={running}
        onToggle={(next) => void toggle(next)}
        onRunNow={() => void runNow()}
        onEdit={openEditor}
        onDelete={() => setDeleting(true)}
      />

      {schedule.pingUrl !== null && <PingUrlCard schedule={{ ...schedule, pingUrl: schedule.pingUrl }} onRotated={setSchedule} />}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card aria-labelledby="schedule-settings-title" className="min-w-0 lg:col-span-2">
          <CardHeader titleId="schedule-settings-title" title={editing ? "Edit schedule" : "Settings"} />
          <CardBody>
            <div ref={settings}>
              {editing ? (
                <ScheduleForm schedule={schedule} onSaved={onSaved} onCancel={closeEditor} />
              ) : (
                <ScheduleFields schedule={schedule} jobTypeTitle={jobTypeTitle} />
              )}
            </div>
          </CardBody>
        </Card>

        <div className="min-w-0 space-y-6">
          <Card aria-labelledby="upcoming-runs-title">
            <CardHeader titleId="upcoming-runs-title" title={heartbeat ? `Next ${UPCOMING_COUNT} expected pings` : `Next ${UPCOMING_COUNT} runs`} />
            <CardBody>
              <UpcomingRuns runs={upcoming} timezone={schedule.timezone} enabled={schedule.isEnabled} />
            </CardBody>
          </Card>
          <RecentRunsChartCard runs={chartRuns} />
        </div>
      </div>

      <RunListPanel
        list={list}
        title="Run history"
        titleId="run-history-title"
        caption={`Runs of ${schedule.name}, newest first`}
        openRunId={openRunId}
        empty={
          <>
            <p className="mt-3 font-medium text-zinc-900 dark:text-white">No runs yet</p>
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              {heartbeat
                ? "Runs appear here as pings arrive; a slot with no ping within its grace shows as missed."
                : "Runs appear here as the schedule fires, or use Run now to try it."}
            </p>
          </>
        }
      />

      <DeleteScheduleDialog schedule={schedule} open={deleting} onClose={() => setDeleting(false)} onDeleted={onDeleted} />
    </div>
  );
}
