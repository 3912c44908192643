// Writing a set of field values as cron text: "*", "*/15", "9-16", "1-5", "0,30", "22-23,0-2",
// "1-31/2". A field written with a leading "*" counts as unrestricted for cronie's day rule (when
// both day fields are restricted a day matches if EITHER does), so `star` decides whether a day
// field may start with "*": "every 2 days in a month" is "*/2" but "between day 1 and 31, every 2
// days" is "1-31/2".

export type FieldValues = {
  /** The allowed values, unique. */
  values: number[];
  /** Written from "*" (unrestricted, or "*\/n"); only matters for day of month and day of week. */
  star: boolean;
  /** Write runs starting from this value first ("22-23,0-2" for a window from 22:00). */
  startAt?: number;
};

export type FieldRange = { min: number; max: number };

function progressionStep(sorted: number[]): number | null {
  if (sorted.length < 2) return null;
  const step = sorted[1] - sorted[0];
  for (let k = 2; k < sorted.length; k++) if (sorted[k] - sorted[k - 1] !== step) return null;
  return step;
}

export function formatField(field: FieldValues, { min, max }: FieldRange): string {
  const sorted = [...new Set(field.values)].sort((a, b) => a - b);
  const full = sorted.length === max - min + 1;
  if (field.star) {
    if (full) return "*";
    const step = progressionStep(sorted);
    // two values read better as a list ("0,30") than as a step
    if (step !== null && sorted.length >= 3 && sorted[0] === min && sorted[sorted.length - 1] + step > max) return `*/${step}`;
  }
  if (full) return `${min}-${max}`;
  const step = progressionStep(sorted);
  if (step !== null && step > 1 && sorted.length >= 5) return `${sorted[0]}-${sorted[sorted.length - 1]}/${step}`;
  // runs of consecutive values become ranges
  const runs: [number, number][] = [];
  for (const v of sorted) {
    const last = runs[runs.length - 1];
    if (last && v === last[1] + 1) last[1] = v;
    else runs.push([v, v]);
  }
  const start = field.startAt;
  if (start !== undefined) {
    const k = runs.findIndex(([a, b]) => start >= a && start <= b);
    if (k > 0) runs.push(...runs.splice(0, k));
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
}
