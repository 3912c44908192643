// The five fields of a standard cron expression, their ranges and names.
export const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;
export type CronField = (typeof FIELD_NAMES)[number];

export type FieldSpec = { name: CronField; min: number; max: number; names?: readonly string[] };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

export const MONTH_NAMES_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  // names[i] is the value min + i
  { name: "month", min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too, as in cronie
  { name: "day of week", min: 0, max: 7, names: DAYS },
];

export const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The most days each month can have (February: 29, in leap years). */
export const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
