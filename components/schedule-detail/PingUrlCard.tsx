"use client";

import { useState } from "react";
import { Radio, RefreshCw } from "@/components/ui/icons";
import { api, type ScheduleOut } from "@/lib/api";
import { errorMessage } from "@/lib/api-fetch";
import { formatSeconds } from "../alerts/alert-labels";
import { graceSecondsOf } from "../schedules/heartbeat";
import { useTeamPermission } from "../teams/TeamContext";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { CodeBlock } from "../ui/CodeBlock";
import { CopyButton } from "../ui/CopyButton";
import { useToast } from "../ui/Toast";
import { pingExamples } from "./ping-examples";

type Props = {
  /** A heartbeat check: its pingUrl is set. */
  schedule: ScheduleOut & { pingUrl: string };
  onRotated: (schedule: ScheduleOut) => void;
};

/**
 * A heartbeat check's secret ping URL, how to call it, and (editors) a new one in its place: one
 * click, as the issue asks (a URL that leaked must be replaceable at once); the button says what
 * it does to the old URL, and the toast confirms it.
 */
export function PingUrlCard({ schedule, onRotated }: Props) {
  const toast = useToast();
  const edit = useTeamPermission(schedule.teamId, "editor");
  const [rotating, setRotating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function rotate() {
    setRotating(true);
    setError(null);
    try {
      onRotated(await api.schedules.rotatePingKey(schedule.id));
      toast.show("New ping URL: the old one no longer works.", "success");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRotating(false);
    }
  }
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
            <Button variant="secondary" size="sm" onClick={rotate} disabled={rotating} title="Replace this URL with a new one: the current URL stops working at once">
              <RefreshCw aria-hidden className="size-4" />
              New URL
            </Button>
          ) : undefined
        }
      />
      <CardBody className="space-y-5">
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            Could not make a new URL: {error}
          </p>
        )}
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
    </Card>
  );
}
