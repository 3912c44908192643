// What the recognisers find in a sentence, before anything is turned into cron fields. Each
// recogniser reads one phrase ("every 15 minutes", "on weekdays", "between 9 and 17") into a
// clause; compose.ts combines the clauses, because a phrase alone often cannot decide its field
// ("at 9:00 AM" is a time of day, except after "every 10 minutes", where it names an hour).
import type { Tokens } from "./tokens";

export type TimeOfDay = {
  hour: number;
  minute: number;
  /** Read on a 12-hour face with no am/pm ("at 6:45"): "in the evening" may still move it. */
  adjustable: boolean;
  /** A plain number and nothing else ("at 15"): after "hourly" it is a minute, and may exceed 23. */
  bare: boolean;
  /** am/pm was said ("11pm", "11 at night"), as opposed to 24-hour notation ("23:00"). */
  meridiem?: "am" | "pm";
};

export type TimeItem = { kind: "at"; time: TimeOfDay } | { kind: "span"; from: TimeOfDay; to: TimeOfDay };

export type DayPeriod = "morning" | "afternoon" | "evening" | "night";

/** The three calendar fields; minute and hour have clauses of their own. */
export type DayField = "dom" | "month" | "dow";

export type Refusal = { reason: string; suggestion?: string };

export type Clause =
  /**
   * every N minutes (1 = every minute). `inexact` is the refusal to give unless listed minutes pin
   * the step down ("every 7 minutes, at 0, 7, ..., 56 minutes past the hour" is exact).
   */
  | { kind: "minuteStep"; step: number; inexact?: Refusal }
  /** minutes past the hour: "at :05", "on the hour", "minutes 0 through 10 past the hour" */
  | { kind: "minutes"; values: number[] }
  /** "twice an hour" */
  | { kind: "perHour"; count: number }
  /** every N hours (1 = hourly); `inexact` as for minuteStep, unless hours or a window are named */
  | { kind: "hourStep"; step: number; inexact?: Refusal }
  /** "twice a day" */
  | { kind: "perDay"; count: number }
  /** "at 9", "at 9am and 5pm", "at 10:00 PM through 11:00 PM" */
  | { kind: "times"; items: TimeItem[] }
  /** "between 9 and 17", "starting at 3am", "until 5pm" */
  | { kind: "window"; from?: TimeOfDay; to?: TimeOfDay }
  /** "every day", "daily": says every day is meant, so no default day is added */
  | { kind: "daily" }
  | { kind: "dayPeriod"; period: DayPeriod }
  /** Values of a calendar field; `except` removes them; `every` ("every December") makes the month itself the recurrence. */
  | { kind: "days"; field: DayField; values: number[]; except?: boolean; every?: boolean }
  /** "every 2 days in a month", "every 3 months", "every 2 days of the week"; `inexact` as for minuteStep */
  | { kind: "step"; field: DayField; step: number; inexact?: Refusal }
  /** "January 1st" */
  | { kind: "date"; month: number; day: number }
  /** "weekly", "monthly", ...: the unit, with cron's usual defaults (Sunday, the 1st, January) */
  | { kind: "period"; unit: "week" | "month" | "quarter" | "half-year" | "year" }
  | { kind: "zone"; zone: string }
  /** A cron expression typed as is ("0 9 * * 1-5") */
  | { kind: "raw"; expression: string }
  | ({ kind: "refuse" } & Refusal);

/** A recogniser's answer: the clauses read and the index of the first token after them. */
export type Match = { end: number; clauses: Clause[] };

/** Reads one phrase starting at token `i`, or returns null when none starts there. */
export type Recogniser = (ts: Tokens, i: number) => Match | null;

export const refuse = (reason: string, suggestion?: string): Clause => ({ kind: "refuse", reason, ...(suggestion ? { suggestion } : {}) });
