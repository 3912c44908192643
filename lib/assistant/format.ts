// How the assistant states a schedule: its name, its meaning in words (cronHuman, which ends with
// the zone), its time zone (saying when UTC was only the default) and its next run, in that zone.
import type { ScheduleOut } from "../validation/schedules";

/** "Mon, Nov 23, 2026, 2:00 AM" in `timezone`. */
export function formatInstant(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}

/** "in 3 hours", "in 2 days", "in 5 minutes". */
export function fromNow(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.round((new Date(iso).getTime() - now.getTime()) / 60_000));
  if (minutes < 1) return "in under a minute";
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} hour${hours === 1 ? "" : "s"}`;
  return `in ${Math.round(hours / 24)} days`;
}

export function nextRunText(s: Pick<ScheduleOut, "isEnabled" | "nextRunAt" | "timezone">, now: Date): string {
  if (!s.isEnabled) return "Next run: none while it is paused.";
  if (!s.nextRunAt) return "Next run: none in the next ten years.";
  return `Next run: ${formatInstant(s.nextRunAt, s.timezone)} ${s.timezone} (${fromNow(s.nextRunAt, now)}).`;
}

export function zoneText(timezone: string, defaulted = false): string {
  return defaulted ? `Time zone: ${timezone} (no time zone was named, so UTC is used).` : `Time zone: ${timezone}.`;
}

/** `"nightly backup": At 12:00 AM, every day (UTC). Time zone: UTC. Next run: ...` */
export function describeSchedule(s: ScheduleOut, now: Date, opts: { defaultedZone?: boolean; quietPause?: boolean } = {}): string {
  const paused = s.isEnabled || opts.quietPause ? "" : " (paused)";
  const job = s.entrypoint === "http" && s.payload && typeof s.payload === "object" && "url" in s.payload ? ` It calls ${String((s.payload as { url: unknown }).url)}.` : "";
  return `"${s.name}"${paused}: ${s.cronHuman}. ${zoneText(s.timezone, opts.defaultedZone)} ${nextRunText(s, now)}${job}`;
}

/** One line of a list. */
export function listLine(s: Pick<ScheduleOut, "name" | "cronHuman" | "isEnabled" | "nextRunAt" | "timezone">, index: number, now: Date): string {
  const next = s.isEnabled ? (s.nextRunAt ? `next ${formatInstant(s.nextRunAt, s.timezone)} ${s.timezone} (${fromNow(s.nextRunAt, now)})` : "no next run") : "paused";
  return `${index + 1}. "${s.name}": ${s.cronHuman}, ${next}`;
}

export const EXAMPLES = [
  '"@cron run nightly backup at midnight"',
  '"call https://example.com/hook every 5 minutes"',
  '"list" or "which jobs run on weekends?"',
  '"pause nightly backup", "resume it"',
  '"move nightly backup to 2am"',
  '"when does nightly backup run next?"',
  '"alert me if nightly backup fails 3 times in a row"',
  '"delete nightly backup"',
];

export const HELP = `I manage your schedules in plain words. For example:\n${EXAMPLES.map((e) => `- ${e}`).join("\n")}`;

// ---- alerts -----------------------------------------------------------------------------------

export type ChannelBrief = { id: string; name: string; type: string };

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** 600 -> "10 minutes", 3600 -> "1 hour", 90 -> "90 seconds". */
export function durationText(seconds: number): string {
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}

/** "ops (webhook)", "ops (webhook) and dev (slack)". */
export function channelsText(ids: readonly string[], channels: readonly ChannelBrief[]): string {
  const named = ids.map((id) => channels.find((c) => c.id === id)).map((c) => (c ? `${c.name} (${c.type})` : "a channel that no longer exists"));
  return named.length <= 1 ? (named[0] ?? "no channel") : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}

type Rules = { channelIds: string[]; afterConsecutiveFailures: number; onRecovery: boolean; onMissed: boolean; runLongerThanSeconds?: number | null; remindEveryMinutes?: number | null };

/** `ops (webhook) when "nightly backup" fails 3 times in a row, when a run is missed, and when it recovers` */
export function alertsText(name: string, rules: Rules, channels: readonly ChannelBrief[]): string {
  const n = rules.afterConsecutiveFailures;
  const remind = rules.remindEveryMinutes ? ` (and again every ${durationText(rules.remindEveryMinutes * 60)} while it keeps failing)` : "";
  const parts = [`when "${name}" fails${n === 1 ? "" : ` ${n} times in a row`}${remind}`];
  if (rules.runLongerThanSeconds) parts.push(`when a run takes longer than ${durationText(rules.runLongerThanSeconds)}`);
  if (rules.onMissed) parts.push("when a run is missed");
  if (rules.onRecovery) parts.push("when it recovers");
  const when = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")}, and ${parts.at(-1)}`;
  return `${channelsText(rules.channelIds, channels)} ${when}`;
}
