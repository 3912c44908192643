// How an alert event reads in the history: its type as words with an icon and a tone, and one
// line from its payload (the body its channels were sent, docs in lib/alerts/payload.ts).
import { CalendarX, CircleCheck, CircleX, FlaskConical, Hourglass, Server, ServerOff, type LucideIcon } from "@/components/ui/icons";
import type { AlertEventOut, AlertType } from "@/lib/api";

export type Tone = "bad" | "warn" | "good" | "neutral";

export const ALERT_TYPE_INFO: Record<AlertType, { label: string; icon: LucideIcon; tone: Tone }> = {
  "run.failed": { label: "Run failed", icon: CircleX, tone: "bad" },
  "schedule.recovered": { label: "Recovered", icon: CircleCheck, tone: "good" },
  "run.slow": { label: "Run taking long", icon: Hourglass, tone: "warn" },
  "schedule.missed": { label: "Missed run", icon: CalendarX, tone: "warn" },
  "worker.down": { label: "No worker running", icon: ServerOff, tone: "bad" },
  "worker.up": { label: "Worker back", icon: Server, tone: "good" },
  "channel.test": { label: "Channel test", icon: FlaskConical, tone: "neutral" },
};

export const TONE_CLASSES: Record<Tone, string> = {
  bad: "bg-red-50 text-red-700 dark:bg-red-500/10 dark:text-red-400",
  warn: "bg-amber-50 text-amber-700 dark:bg-amber-500/10 dark:text-amber-400",
  good: "bg-emerald-50 text-emerald-700 dark:bg-emerald-500/10 dark:text-emerald-400",
  neutral: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
};

type Payload = {
  consecutiveFailures?: number;
  reminder?: number;
  run?: { status?: string; error?: { message?: string } | null };
  missed?: { scheduledFor?: string };
  slow?: { runLongerThanSeconds?: number };
  schedule?: { name?: string };
  channel?: { name?: string };
};

/** The payload's fields this page reads, each checked: it is stored JSON. */
function readPayload(raw: Record<string, unknown>): Payload {
  const obj = (v: unknown) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined);
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const run = obj(raw.run);
  return {
    consecutiveFailures: num(raw.consecutiveFailures),
    reminder: num(raw.reminder),
    run: run && { status: str(run.status), error: obj(run.error) && { message: str(obj(run.error)!.message) } },
    missed: obj(raw.missed) && { scheduledFor: str(obj(raw.missed)!.scheduledFor) },
    slow: obj(raw.slow) && { runLongerThanSeconds: num(obj(raw.slow)!.runLongerThanSeconds) },
    schedule: obj(raw.schedule) && { name: str(obj(raw.schedule)!.name) },
    channel: obj(raw.channel) && { name: str(obj(raw.channel)!.name) },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function formatSeconds(s: number): string {
  if (s % 3600 === 0) return plural(s / 3600, "hour");
  if (s % 60 === 0) return plural(s / 60, "minute");
  return plural(s, "second");
}

/** The event's label: a reminder says so. */
export function alertLabel(event: Pick<AlertEventOut, "type" | "payload">): string {
  const p = readPayload(event.payload);
  if (event.type === "run.failed" && p.reminder) return `Still failing (reminder ${p.reminder})`;
  return ALERT_TYPE_INFO[event.type].label;
}

/** One line on what happened (the slot's time of a missed run is shown apart, in the viewer's zone). */
export function alertSummary(event: Pick<AlertEventOut, "type" | "payload">): string | null {
  const p = readPayload(event.payload);
  switch (event.type) {
    case "run.failed": {
      const streak = p.consecutiveFailures ? `${plural(p.consecutiveFailures, "failure")} in a row` : null;
      return [streak, p.run?.error?.message].filter(Boolean).join(": ") || null;
    }
    case "schedule.recovered":
      return p.consecutiveFailures ? `Succeeded after ${plural(p.consecutiveFailures, "failure")} in a row` : "Succeeded again";
    case "run.slow":
      return p.slow?.runLongerThanSeconds ? `Still running after ${formatSeconds(p.slow.runLongerThanSeconds)}` : null;
    case "schedule.missed":
      return "A slot passed without a run";
    case "worker.down":
      return "Schedules do not fire until a worker runs";
    case "worker.up":
      return "A worker is running again";
    case "channel.test":
      return p.channel?.name ? `Sent from Team settings to ${p.channel.name}` : "Sent from Team settings";
  }
}

/** The schedule's name as the alert carried it, if any. */
export function alertScheduleName(event: Pick<AlertEventOut, "payload">): string | undefined {
  return readPayload(event.payload).schedule?.name;
}

/** The missed slot's instant, for schedule.missed. */
export function missedSlot(event: Pick<AlertEventOut, "payload">): string | undefined {
  return readPayload(event.payload).missed?.scheduledFor;
}

/** The rules in a line: "After 3 failures in a row, to 2 channels; on recovery; on missed runs". */
export function describeRules(rules: { channelIds: string[]; afterConsecutiveFailures: number; onRecovery: boolean; onMissed: boolean; runLongerThanSeconds?: number | null; remindEveryMinutes?: number | null } | null): string {
  if (!rules) return "Off";
  const parts = [
    `${rules.afterConsecutiveFailures === 1 ? "At the first failure" : `After ${rules.afterConsecutiveFailures} failures in a row`}, to ${plural(rules.channelIds.length, "channel")}`,
  ];
  if (rules.onRecovery) parts.push("on recovery");
  if (rules.onMissed) parts.push("on missed runs");
  if (rules.runLongerThanSeconds) parts.push(`when a run passes ${formatSeconds(rules.runLongerThanSeconds)}`);
  if (rules.remindEveryMinutes) parts.push(`reminders every ${plural(rules.remindEveryMinutes, "minute")}`);
  return parts.join("; ");
}
