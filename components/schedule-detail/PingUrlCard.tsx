"use client";

import { useState } from "react";
import { Radio, RefreshCw } from "lucide-react";
import { api, type ScheduleOut } from "@/lib/api";
import { formatSeconds } from "../alerts/alert-labels";
import { graceSecondsOf } from "../schedules/heartbeat";
import { useTeamPermission } from "../teams/TeamContext";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { CodeBlock } from "../ui/CodeBlock";
import { ConfirmDeleteDialog } from "../ui/ConfirmDeleteDialog";
import { CopyButton } from "../ui/CopyButton";
import { useToast } from "../ui/Toast";
import { pingExamples } from "./ping-examples";

type Props = {
  /** A heartbeat check: its pingUrl is set. */
  schedule: ScheduleOut & { pingUrl: string };
  onRotated: (schedule: ScheduleOut) => void;
};

/** A heartbeat check's secret ping URL, how to call it, and (editors) a new one in its place. */
export function PingUrlCard({ schedule, onRotated }: Props) {
  const toast = useToast();
  const edit = useTeamPermission(schedule.teamId, "editor");
  const [confirming, setConfirming] = useState(false);
  const grace = formatSeconds(graceSecondsOf(schedule));

  return (
    <Card aria-labelledby="ping-url-title">
      <CardHeader
        titleId="ping-url-title"
        title="Ping URL"
        icon={<Radio aria-hidden className="size-4" />}
        description={`Expects a ping each time the schedule fires, within ${grace}; a slot with no ping by then is recorded as missed.`}
        action={
          edit.allowed ? (
            <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
              <RefreshCw aria-hidden className="size-4" />
              New URL
            </Button>
          ) : undefined
        }
      />
      <CardBody className="space-y-5">
        <div className="space-y-1.5">
          <div className="flex items-center gap-2">
            <code data-testid="ping-url" className="min-w-0 flex-1 break-all rounded-lg bg-zinc-100 px-3 py-2 font-mono text-sm text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100">
              {schedule.pingUrl}
            </code>
            <CopyButton value={schedule.pingUrl} label="Copy URL" />
          </div>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            GET or POST. Add <code className="font-mono">/start</code> when the job starts, <code className="font-mono">/fail</code> when it fails, or{" "}
            <code className="font-mono">/&lt;exit status&gt;</code>. Keep it secret: anyone who has it can report for this check.
          </p>
        </div>
        <div className="space-y-4">
          {pingExamples(schedule).map((example) => (
            <div key={example.id} className="space-y-1.5" data-testid={`ping-example-${example.id}`}>
              <h3 className="text-sm font-medium text-zinc-900 dark:text-white">{example.title}</h3>
              <p className="text-xs text-zinc-600 dark:text-zinc-400">{example.description}</p>
              <CodeBlock code={example.code} />
            </div>
          ))}
        </div>
      </CardBody>
      <ConfirmDeleteDialog
        open={confirming}
        title="Give this check a new ping URL?"
        description="The current URL stops working at once: every job that pings it must be given the new one, or its slots will be recorded as missed."
        confirmLabel="New URL"
        remove={async () => {
          onRotated(await api.schedules.rotatePingKey(schedule.id));
          toast.show("New ping URL: the old one no longer works.", "success");
        }}
        onClose={() => setConfirming(false)}
        onDone={() => setConfirming(false)}
      />
    </Card>
  );
}
