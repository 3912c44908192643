// The minute and hour fields. What a time phrase means depends on the rest of the sentence:
// - "at 9:00 AM" is a time of day, but next to a frequency ("every 10 minutes, at 9:00 AM") it
//   names an hour, and after "hourly" a plain number ("hourly at 15") is a minute;
// - a window's end is included when a run falls on it ("hourly between 10pm and 2am" runs at 2:00,
//   "every 15 minutes until 4:45 pm" at 16:45), except an end on the hour with several runs an
//   hour: "every 15 minutes between 9 and 17" stops at 16:45 (cronstrue writes that window
//   "between 09:00 AM and 04:59 PM", which reads back the same); an end that splits an hour's
//   runs is refused;
// - "every N hours" next to named hours keeps those N apart;
// - times of day must form a grid (every listed minute in every listed hour) to be one expression.
import type { Clause, DayPeriod, TimeItem, TimeOfDay } from "./clauses";
import type { FieldValues } from "./format";
import { fail } from "./fail";
import { keepEvery, range, sortNumbers, unique } from "./sets";

const sayTime = (t: { hour: number; minute: number }) => `${t.hour}:${String(t.minute).padStart(2, "0")}`;

// ---- parts of the day -----------------------------------------------------------------------

export function partOfDay(clauses: readonly Clause[]): DayPeriod | undefined {
  const periods = unique(clauses.flatMap((c) => (c.kind === "dayPeriod" ? [c.period] : [])));
  if (periods.length > 1) fail(`ambiguous: both ${periods.join(" and ")} are mentioned`, "one schedule per part of the day");
  return periods[0];
}

/** "every evening at 6:45" is 18:45: moves 12-hour readings that had no am/pm. */
function shift(t: TimeOfDay, period: DayPeriod | undefined): TimeOfDay {
  if (!period || !t.adjustable) return t;
  let hour = t.hour;
  if (period === "morning") hour = hour === 12 ? 0 : hour;
  else if (period === "afternoon" || period === "evening") hour = hour < 12 ? hour + 12 : hour;
  else hour = hour === 12 ? 0 : hour >= 5 ? hour + 12 : hour;
  return { ...t, hour, adjustable: false, bare: false };
}

export function shiftClause(c: Clause, period: DayPeriod | undefined): Clause {
  if (c.kind === "times") {
    return { ...c, items: c.items.map((it): TimeItem => (it.kind === "at" ? { kind: "at", time: shift(it.time, period) } : { kind: "span", from: shift(it.from, period), to: shift(it.to, period) })) };
  }
  if (c.kind === "window") return { kind: "window", ...(c.from ? { from: shift(c.from, period) } : {}), ...(c.to ? { to: shift(c.to, period) } : {}) };
  return c;
}

// ---- minute and hour ------------------------------------------------------------------------

type Window = { from?: TimeOfDay; to?: TimeOfDay };
type HoursRead = { hours: number[]; minutes?: number[] };

/**
 * The hours of a window for runs at `minutes` past each hour. A window inside one hour
 * ("between 9:00 and 9:30") narrows the minutes instead.
 */
function windowHours({ from, to }: Window, minutes: number[]): HoursRead {
  const f = from ?? { hour: 0, minute: 0 };
  const t = to ?? { hour: 23, minute: 59 };
  if (f.hour > 23 || t.hour > 23) fail(`"${f.hour > 23 ? f.hour : t.hour}" is not an hour of the day`);
  const wording = `between ${sayTime(f)} and ${sayTime(t)}`;
  if (f.hour === t.hour && f.minute === t.minute) fail(`the window ${wording} is empty`);
  if (f.hour === t.hour && t.minute > f.minute) {
    const inside = minutes.filter((m) => m >= f.minute && m <= t.minute);
    if (inside.length === 0) fail(`no run falls ${wording}`);
    return { hours: [f.hour], ...(inside.length < minutes.length ? { minutes: inside } : {}) };
  }
  // An edge inside an hour's runs: cron runs the same minutes in every hour it runs, so the runs
  // of that hour on one side of the edge cannot be kept without the others.
  const partial = (edge: "starting" | "ending", at: { hour: number; minute: number }) => {
    const kept = (m: number) => (edge === "starting" ? m >= at.minute : m <= at.minute);
    const sorted = sortNumbers(minutes);
    const [inside, outside] = [sorted.filter(kept), sorted.filter((m) => !kept(m))];
    const say = (ms: number[]) => ms.map((m) => sayTime({ hour: at.hour, minute: m })).join(", ");
    const why = `not expressible exactly in 5-field cron: a window ${edge} at ${sayTime(at)} cuts an hour's runs in two (${say(inside)} but not ${say(outside)}), and cron runs the same minutes in every hour`;
    if (edge === "starting") {
      const [later, earlier] = [(at.hour + 1) % 24, at.hour];
      const end = t.minute ? sayTime(t) : `${t.hour}`;
      const options = to === undefined ? [`starting at ${later}:00`, `starting at ${earlier}:00`] : [`between ${later} and ${end}`, `between ${earlier} and ${end}`];
      fail(why, `a window that starts on an hour's first run, e.g. ${options.join(" or ")}`);
    }
    const last = Math.max(...minutes);
    const ends = [sayTime({ hour: at.hour, minute: last }), sayTime({ hour: (at.hour + 23) % 24, minute: last })];
    const options = ends.map((e) => (from === undefined ? `until ${e}` : `between ${sayTime(f)} and ${e}`));
    fail(why, `a window that ends on an hour's last run, e.g. ${options.join(" or ")}`);
  };
  const firstIn = minutes.filter((m) => m >= f.minute).length;
  const startOffset = firstIn === minutes.length ? 0 : firstIn === 0 ? 1 : partial("starting", f);
  // The end is included: a run that falls on it happens ("every 15 minutes until 4:45 pm" runs at
  // 16:45, "hourly until 2am" at 2:00). Except an end on the hour with several runs an hour: "every
  // 15 minutes from 9 to 5" stops at 16:45, as office hours do and as cron writes it (*/15 9-16);
  // a lone 17:00 cannot join those runs in one expression, and refusing the commonest window of all
  // would help nobody.
  const endsOnTheHour = to !== undefined && t.minute === 0 && minutes.length > 1;
  const lastIn = endsOnTheHour ? 0 : minutes.filter((m) => m <= t.minute).length;
  const span = (t.hour - f.hour + 24) % 24 || 24;
  const endOffset = lastIn === minutes.length ? span : lastIn === 0 ? span - 1 : partial("ending", t);
  const hours = range(startOffset, endOffset).map((k) => (f.hour + k) % 24);
  if (hours.length === 0) fail(`no run falls ${wording}`);
  return { hours: unique(hours) };
}

export type TimeFields = { minute: FieldValues; hour: FieldValues };

function anyTime(items: readonly TimeItem[]): TimeOfDay | undefined {
  const first = items[0];
  return first ? (first.kind === "at" ? first.time : first.from) : undefined;
}

/** Runs repeating within the day: every N minutes, N times an hour, every N hours. */
function repeatingTimes(minutesIn: number[] | undefined, hourStep: number | undefined, items: TimeItem[], windows: Window[]): TimeFields {
  let minutes = minutesIn;
  let hourItems = items;
  if (minutes === undefined) {
    // only an hour step: "hourly at 15" (plain numbers are minutes), "every hour from 9:30 to 17:30"
    if (items.length > 0 && items.every((it) => it.kind === "at" && it.time.bare)) {
      minutes = items.map((it) => (it.kind === "at" ? it.time.hour : 0));
      if (minutes.some((m) => m > 59)) fail(`"${minutes.find((m) => m > 59)}" is not a minute past the hour`);
      hourItems = [];
    } else minutes = [windows[0]?.from?.minute ?? anyTime(items)?.minute ?? 0];
  }
  let hours: number[] | undefined;
  let startAt: number | undefined;
  if (hourItems.length > 0 || windows.length > 0) {
    const reads: HoursRead[] = [];
    for (const it of hourItems) {
      if (it.kind === "span") reads.push(windowHours(it, minutes));
      else {
        const t = it.time;
        if (t.hour > 23) fail(`"${t.hour}" is not an hour of the day`);
        if (t.minute !== 0 && !(minutes.length === 1 && minutes[0] === t.minute)) {
          fail(`ambiguous: "at ${sayTime(t)}" next to a repeating interval`, `the interval with a window, e.g. "every 15 minutes between ${t.hour} and ${(t.hour + 1) % 24}"`);
        }
        reads.push({ hours: [t.hour] });
      }
    }
    for (const w of windows) reads.push(windowHours(w, minutes));
    const narrowed = reads.filter((r) => r.minutes);
    if (narrowed.length > 0) {
      if (reads.length > 1) fail("not expressible exactly in 5-field cron: the windows need different minutes in different hours", "one schedule per window");
      minutes = narrowed[0].minutes;
    }
    hours = unique(reads.flatMap((r) => r.hours));
    startAt = hours[0];
  }
  if (hourStep !== undefined) {
    if (hours) hours = keepEvery(hours, hourStep, 24);
    else if (24 % hourStep !== 0) fail(`every ${hourStep} hours is not expressible exactly in 5-field cron`);
    else hours = range(0, 23, hourStep);
  }
  return { minute: { values: minutes ?? [0], star: true }, hour: { values: hours ?? range(0, 23), star: true, ...(startAt !== undefined ? { startAt } : {}) } };
}

/** Runs at times of day: "at 9", "at 8 and 20", "twice a day", or midnight by default. */
function timesOfDay(items: TimeItem[], windows: Window[], perDay: number | undefined, period: DayPeriod | undefined): TimeFields {
  if (windows.length > 0 || items.some((it) => it.kind === "span")) {
    fail("ambiguous: a time window needs a frequency (how often within it?)", "e.g. \"every hour between 9 and 17\" or \"every 15 minutes between 9 and 17\"");
  }
  let times = items.map((it) => (it.kind === "at" ? it.time : it.from));
  const bad = times.find((t) => t.hour > 23 || t.minute > 59);
  if (bad) fail(`"${bad.hour}" is not an hour of the day`, "a time such as 9, 9am or 21:15");
  if (perDay !== undefined) {
    const said = perDay === 2 ? "twice a day" : `${perDay} times a day`;
    if (times.length > 0 && unique(times.map(sayTime)).length !== perDay) fail(`"${said}" but ${unique(times.map(sayTime)).length} time(s) given`, `${said} at ${range(0, perDay - 1).map((k) => String(k * Math.floor(24 / perDay))).join(" and ")}`);
    if (times.length === 0) {
      if (24 % perDay !== 0) fail(`${said} is not expressible exactly in 5-field cron: ${perDay} does not divide 24 hours`, "name the times, e.g. \"at 9, 13 and 17\"");
      times = range(0, 23, 24 / perDay).map((hour) => ({ hour, minute: 0, adjustable: false, bare: false }));
    }
  }
  if (times.length === 0) {
    if (period && period !== "night") fail(`ambiguous: "${period}" does not say what time`, `every ${period} at ${period === "morning" ? "8am" : period === "afternoon" ? "2pm" : "6pm"}`);
    times = [{ hour: 0, minute: 0, adjustable: false, bare: false }];
  }
  const distinct = unique(times.map(sayTime));
  const minutes = sortNumbers(times.map((t) => t.minute));
  const hours = sortNumbers(times.map((t) => t.hour));
  if (minutes.length * hours.length !== distinct.length) {
    fail(`not expressible exactly in 5-field cron: ${distinct.join(" and ")} need different minutes in different hours`, `one schedule per time, e.g. "every day at ${distinct[0]}"`);
  }
  return { minute: { values: minutes, star: true }, hour: { values: hours, star: true } };
}

export function timeFields(clauses: readonly Clause[], period: DayPeriod | undefined): TimeFields & { repeating: boolean } {
  const minuteStepClauses = clauses.flatMap((c) => (c.kind === "minuteStep" ? [c] : []));
  const hourStepClauses = clauses.flatMap((c) => (c.kind === "hourStep" ? [c] : []));
  const minuteSteps = unique(minuteStepClauses.map((c) => c.step));
  const listed = sortNumbers(clauses.flatMap((c) => (c.kind === "minutes" ? c.values : [])));
  const perHour = unique(clauses.flatMap((c) => (c.kind === "perHour" ? [c.count] : [])));
  const hourSteps = unique(hourStepClauses.map((c) => c.step));
  const perDay = unique(clauses.flatMap((c) => (c.kind === "perDay" ? [c.count] : [])));
  const items = clauses.flatMap((c) => (c.kind === "times" ? c.items : []));
  const windows = clauses.flatMap((c): Window[] => (c.kind === "window" ? [c] : []));
  if (minuteSteps.length > 1 || hourSteps.length > 1 || perHour.length > 1 || perDay.length > 1) {
    fail("ambiguous: two different intervals are given", "one interval, e.g. \"every 15 minutes\"");
  }
  let minutes: number[] | undefined;
  if (minuteSteps.length) {
    const step = minuteSteps[0];
    // "every 7 minutes, at 0, 7, ..., 56 minutes past the hour": the listed minutes are exact
    if (listed.length) minutes = keepEvery(listed, step, 60);
    else if (60 % step === 0) minutes = range(0, 59, step);
    else {
      const why = minuteStepClauses[0].inexact;
      fail(why?.reason ?? `every ${step} minutes is not expressible exactly in 5-field cron`, why?.suggestion);
    }
  } else if (listed.length) minutes = listed;
  else if (perHour.length) minutes = range(0, 59, 60 / perHour[0]);
  const repeating = minutes !== undefined || hourSteps.length > 0;
  if (repeating) {
    if (perDay.length) fail("ambiguous: a daily count next to a repeating interval", "one of them, e.g. \"twice a day at 8 and 20\"");
    if (period && items.length === 0 && windows.length === 0) fail(`ambiguous: which hours are "${period}"?`, "a window, e.g. \"every 15 minutes between 6 and 12\"");
    const inexactHours = hourStepClauses[0]?.inexact;
    if (inexactHours && items.length === 0 && windows.length === 0) fail(inexactHours.reason, inexactHours.suggestion);
    return { ...repeatingTimes(minutes, hourSteps[0], items, windows), repeating };
  }
  return { ...timesOfDay(items, windows, perDay[0], period), repeating };
}
