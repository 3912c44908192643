// An alert as people read it: a subject, a plain-text and an HTML body for email, a one-line
// summary and a list of facts for chat. Everything user-supplied (schedule, team and channel
// names, error messages) is escaped in the HTML; text is kept to one line where a line is expected.
import type { AlertPayload } from "../payload";

export type Severity = "failure" | "warning" | "ok" | "info";

export type Fact = { label: string; value: string };

export type RenderedAlert = {
  /** `[Almanac] "nightly-backup" failed 3 times in a row` */
  subject: string;
  /** The subject without the prefix: what happened, in one line. */
  headline: string;
  /** One line for chat: the headline, the team, and the error when there is one. */
  summary: string;
  /** A sentence or two on what happened and what it means. */
  intro: string;
  facts: Fact[];
  /** The schedule's page, when the alert is about a schedule. */
  link?: string;
  severity: Severity;
  text: string;
  html: string;
};

const MAX_ERROR_CHARS = 1000;
const MAX_SUMMARY_CHARS = 300;

/** `text` on one line (control characters and line breaks as spaces), cut to `max` characters with "…". */
export function oneLine(text: string, max = Infinity): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  return clip(flat, max);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** 850 ms, 12.3 s, 4 min 5 s, 2 h 3 min. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number(s.toFixed(1))} s`;
  const total = Math.round(s);
  if (total < 3600) return total % 60 ? `${Math.floor(total / 60)} min ${total % 60} s` : `${total / 60} min`;
  const minutes = Math.round(total / 60);
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

/** An instant in `timezone`: "2026-12-06 09:00" (with `timeOnly`, "09:00"); the ISO string when the zone is unknown. */
export function formatInZone(iso: string, timezone: string, timeOnly = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .formatToParts(date)
        .map((p) => [p.type, p.value]),
    );
    const time = `${parts.hour}:${parts.minute}`;
    return timeOnly ? time : `${parts.year}-${parts.month}-${parts.day} ${time}`;
  } catch {
    return date.toISOString();
  }
}

const quoted = (name: string) => `"${oneLine(name, 100)}"`;

function errorText(error: { name?: string; message?: string } | null | undefined): string | null {
  if (!error) return null;
  const text = [error.name, error.message].filter(Boolean).join(": ");
  return text ? clip(text.trim(), MAX_ERROR_CHARS) : null;
}

function headlineOf(p: AlertPayload): { headline: string; intro: string; severity: Severity } {
  const name = quoted(p.schedule?.name ?? "a schedule");
  const n = p.consecutiveFailures ?? 1;
  switch (p.type) {
    case "run.failed": {
      const times = n > 1 ? ` ${n} times in a row` : "";
      if (p.reminder) return { headline: `${name} is still failing${n > 1 ? `: ${n} times in a row` : ""}`, intro: `Reminder ${p.reminder}: ${name} has not succeeded since it started failing.`, severity: "failure" };
      return { headline: `${name} failed${times}`, intro: n > 1 ? `${name} failed${times}.` : `${name} failed.`, severity: "failure" };
    }
    case "schedule.recovered":
      return { headline: `${name} recovered`, intro: `${name} succeeded again${n > 0 ? ` after ${n} failed ${n === 1 ? "run" : "runs"} in a row` : ""}.`, severity: "ok" };
    case "run.slow": {
      const limit = formatDuration((p.slow?.runLongerThanSeconds ?? 0) * 1000);
      return { headline: `${name} is still running after ${limit}`, intro: `A run of ${name} has been running for longer than ${limit}.`, severity: "warning" };
    }
    case "schedule.missed": {
      const slot = p.missed && p.schedule ? formatInZone(p.missed.scheduledFor, p.schedule.timezone, true) : "scheduled";
      return { headline: `${name} missed its ${slot} run`, intro: `${name} did not start its ${slot} run within the grace period.`, severity: "warning" };
    }
    case "worker.down":
      return { headline: "No worker is running", intro: "No worker has reported in: schedules are not running until a worker is started again.", severity: "failure" };
    case "worker.up":
      return { headline: "Worker is back", intro: "A worker is running again: schedules are running.", severity: "ok" };
    case "channel.test":
      return { headline: `Test alert from channel ${quoted(p.channel?.name ?? "")}`, intro: "This is a test alert from Almanac: this channel works.", severity: "info" };
  }
}

function factsOf(p: AlertPayload): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) facts.push({ label, value });
  };
  const tz = p.schedule?.timezone ?? "UTC";
  add("Team", oneLine(p.team.name, 200));
  if (p.schedule) {
    add("Schedule", oneLine(p.schedule.name, 200));
    add("Cron", `${oneLine(p.schedule.cronExpression, 200)} (${oneLine(tz, 100)})`);
  }
  if (p.run) {
    add("Scheduled for", formatInZone(p.run.scheduledFor, tz));
    const parts = [oneLine(p.run.status, 50), `attempt ${p.run.attempt}`];
    if (p.run.durationMs !== null) parts.push(`took ${formatDuration(p.run.durationMs)}`);
    else if (p.run.startedAt) parts.push(`started ${formatInZone(p.run.startedAt, tz)}`);
    add("Run", parts.join(", "));
    add("Error", errorText(p.run.error));
  }
  if (p.missed) add("Missed slot", `${formatInZone(p.missed.scheduledFor, tz)} (grace ${formatDuration(p.missed.graceSeconds * 1000)})`);
  if (p.slow) add("Limit", `runs longer than ${formatDuration(p.slow.runLongerThanSeconds * 1000)}`);
  if (p.consecutiveFailures !== undefined) add("Failures in a row", String(p.consecutiveFailures));
  if (p.reminder) add("Reminder", String(p.reminder));
  if (p.worker) {
    add(p.type === "worker.up" ? "Was down since" : "Down since", formatInZone(p.worker.downSince, "UTC") + " UTC");
    add("Last seen", p.worker.lastSeenAt ? formatInZone(p.worker.lastSeenAt, "UTC") + " UTC" : "never");
  }
  if (p.channel) add("Channel", oneLine(p.channel.name, 200));
  return facts;
}

const safeLink = (url: string | undefined) => (url && /^https?:\/\//i.test(url) ? url : undefined);

function textBody(r: Omit<RenderedAlert, "text" | "html">, p: AlertPayload): string {
  const width = Math.max(...r.facts.map((f) => f.label.length)) + 2;
  const lines = [r.headline, "", r.intro, "", ...r.facts.map((f) => `${`${f.label}:`.padEnd(width)}${f.value}`)];
  if (r.link) lines.push("", `Open the schedule: ${r.link}`);
  lines.push("", "-- ", `Almanac alert ${p.type} ${p.id} at ${p.at}`);
  return lines.join("\n") + "\n";
}

const COLORS: Record<Severity, string> = { failure: "#b91c1c", warning: "#b45309", ok: "#15803d", info: "#1d4ed8" };

function htmlBody(r: Omit<RenderedAlert, "text" | "html">, p: AlertPayload): string {
  const rows = r.facts
    .map((f) => `<tr><th align="left" valign="top" style="padding:2px 12px 2px 0;color:#555;font-weight:normal">${escapeHtml(f.label)}</th><td style="padding:2px 0;white-space:pre-wrap">${escapeHtml(f.value)}</td></tr>`)
    .join("");
  const link = r.link ? `<p><a href="${escapeHtml(r.link)}">Open the schedule</a></p>` : "";
  return [
    `<!doctype html><html><body style="font-family:sans-serif;font-size:14px;color:#111">`,
    `<h2 style="margin:0 0 8px;color:${COLORS[r.severity]}">${escapeHtml(r.headline)}</h2>`,
    `<p>${escapeHtml(r.intro)}</p>`,
    `<table cellspacing="0" cellpadding="0">${rows}</table>`,
    link,
    `<p style="color:#777;font-size:12px">Almanac alert ${escapeHtml(p.type)} ${escapeHtml(p.id)} at ${escapeHtml(p.at)}</p>`,
    `</body></html>`,
  ].join("\n");
}

/** Everything a channel shows of one alert. */
export function renderAlert(p: AlertPayload): RenderedAlert {
  const { headline, intro, severity } = headlineOf(p);
  const error = p.type === "run.failed" ? errorText(p.run?.error) : null;
  const summary = clip(`${headline} (team ${oneLine(p.team.name, 100)})${error ? `: ${oneLine(error)}` : ""}`, MAX_SUMMARY_CHARS);
  const base = { subject: `[Almanac] ${headline}`, headline, summary, intro, facts: factsOf(p), link: safeLink(p.schedule?.url), severity };
  return { ...base, text: textBody(base, p), html: htmlBody(base, p) };
}
