// A deliberately naive reference for the parser's tests: the fire times of a 5-field expression in
// UTC, found by walking the calendar day by day with cronie's rules. It shares no code with
// next-runs.ts, so a test comparing two expressions through it checks the parser, not the
// scheduler. Not for production use: it knows nothing of time zones.

type Parsed = {
  minutes: number[];
  hours: number[];
  dom: Set<number>;
  months: Set<number>;
  dow: Set<number>;
  /** cronie: a day field is unrestricted when it starts with "*" (even "*\/2"). */
  domStar: boolean;
  dowStar: boolean;
};

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function value(token: string, min: number, max: number, names?: string[]): number {
  const named = names?.indexOf(token.toLowerCase()) ?? -1;
  const v = named >= 0 ? named + min : /^\d+$/.test(token) ? Number(token) : NaN;
  if (!(v >= min && v <= max)) throw new Error(`bad value "${token}"`);
  return v;
}

function field(text: string, min: number, max: number, names?: string[]): Set<number> {
  const out = new Set<number>();
  for (const item of text.split(",")) {
    const [rangePart, stepPart, extra] = item.split("/");
    if (extra !== undefined) throw new Error(`bad item "${item}"`);
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step "${item}"`);
    let from: number;
    let to: number;
    if (rangePart === "*") [from, to] = [min, max];
    else if (rangePart.includes("-")) {
      const [a, b] = rangePart.split("-");
      [from, to] = [value(a, min, max, names), value(b, min, max, names)];
      if (from > to) throw new Error(`reversed range "${item}"`);
    } else {
      if (stepPart !== undefined) throw new Error(`step without range "${item}"`);
      [from, to] = [value(rangePart, min, max, names), value(rangePart, min, max, names)];
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export function parseForOracle(expression: string): Parsed {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected 5 fields in "${expression}"`);
  const [mi, ho, dm, mo, dw] = parts;
  const dowRaw = field(dw === "*" ? "0-6" : dw, 0, 7, DAY_NAMES);
  const dow = new Set([...dowRaw].map((d) => d % 7));
  return {
    minutes: [...field(mi, 0, 59)].sort((a, b) => a - b),
    hours: [...field(ho, 0, 23)].sort((a, b) => a - b),
    dom: field(dm, 1, 31),
    months: field(mo, 1, 12, MONTH_NAMES),
    dow,
    domStar: dm.startsWith("*"),
    dowStar: dw.startsWith("*"),
  };
}

const DAY = 86_400_000;

/**
 * The first `count` fire instants (ms since the epoch, UTC) at or after `start`, looking at most
 * `years` ahead: rare expressions (the 29th of February) may return fewer.
 */
export function fireTimes(expression: string, count = 50, start = Date.UTC(2026, 0, 1), years = 8): number[] {
  const p = parseForOracle(expression);
  const out: number[] = [];
  const first = Math.floor(start / DAY) * DAY;
  for (let day = first; day < first + years * 366 * DAY && out.length < count; day += DAY) {
    const d = new Date(day);
    if (!p.months.has(d.getUTCMonth() + 1)) continue;
    const domOk = p.dom.has(d.getUTCDate());
    const dowOk = p.dow.has(d.getUTCDay());
    if (!(p.domStar || p.dowStar ? domOk && dowOk : domOk || dowOk)) continue;
    for (const h of p.hours) {
      for (const m of p.minutes) {
        const t = day + h * 3_600_000 + m * 60_000;
        if (t >= start && out.length < count) out.push(t);
      }
    }
  }
  return out;
}

/** Whether two expressions fire at the same first `count` instants (and fire at all). */
export function sameFireTimes(a: string, b: string, count = 50): boolean {
  const x = fireTimes(a, count);
  const y = fireTimes(b, count);
  return x.length > 0 && x.length === y.length && x.every((t, k) => t === y[k]);
}
