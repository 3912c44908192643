// How the CLI shows things to people: aligned tables cut to the terminal's width, colour only on a
// terminal (and never with NO_COLOR), instants as "in 5m" / "3h ago". Scripts use --json instead.

export type Stream = { isTTY?: boolean; columns?: number };

/** Colour for a stream: only a terminal, and only when NO_COLOR is unset (https://no-color.org). */
export function useColor(stream: Stream, env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

const CODES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
export type Style = keyof typeof CODES;
export type Paint = (style: Style, text: string) => string;

export function painter(enabled: boolean): Paint {
  return (style, text) => (enabled ? `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m` : text);
}

/** A table cell: its text, and how it is painted (the width counts the text only). */
export type Cell = string | { text: string; style?: Style };
const textOf = (c: Cell) => (typeof c === "string" ? c : c.text);

/** Characters as a terminal shows them (one per code point; enough for names and dates). */
const width = (s: string) => [...s].length;

export function truncate(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return chars.slice(0, max).join("");
  return `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Rows under a header, columns two spaces apart. With `maxWidth` (the terminal's), the widest of
 * the `shrink` columns (by default all) is cut (with …) until a line fits, each keeping at least
 * 8 characters: ids are left whole for copying, names and words are cut. Control characters in
 * cells (a name with a newline) are shown as spaces so a row stays one line.
 */
export function table(header: string[], rows: Cell[][], options: { maxWidth?: number; paint?: Paint; shrink?: number[] } = {}): string {
  const paint = options.paint ?? painter(false);
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, " ");
  const cells = rows.map((r) => r.map((c) => (typeof c === "string" ? { text: clean(c) } : { ...c, text: clean(c.text) })));
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i]?.text ?? ""))));
  if (options.maxWidth) {
    const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
    const shrink = options.shrink ?? header.map((_, i) => i);
    while (total() > options.maxWidth) {
      const widest = shrink.reduce((a, b) => (widths[b] > widths[a] ? b : a), shrink[0]);
      if (widest === undefined || widths[widest] <= 8) break;
      widths[widest]--;
    }
  }
  const line = (texts: { text: string; style?: Style }[], headerRow: boolean) =>
    texts
      .map((c, i) => {
        const t = truncate(c.text, widths[i]);
        const padded = i === texts.length - 1 ? t : t + " ".repeat(widths[i] - width(t));
        if (headerRow) return paint("bold", padded);
        return c.style ? paint(c.style, padded) : padded;
      })
      .join("  ")
      .trimEnd();
  return [line(header.map((text) => ({ text })), true), ...cells.map((r) => line(r, false))].join("\n");
}

/** "in 5m", "2h 3m ago", "now": an instant relative to `now`, for a table. */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "-";
  const ms = new Date(iso).getTime() - now.getTime();
  const span = duration(Math.abs(ms), true);
  if (Math.abs(ms) < 1000) return "now";
  return ms > 0 ? `in ${span}` : `${span} ago`;
}

/** A duration in the two largest units: "850ms", "12s", "3m 4s", "2h 5m", "3d 4h". */
export function duration(ms: number | null | undefined, coarse = false): string {
  if (ms === null || ms === undefined) return "-";
  if (ms < 1000) return coarse ? "0s" : `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  const units: [string, number][] = [["d", 86_400], ["h", 3600], ["m", 60], ["s", 1]];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${name}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !/^0[a-z]$/.test(p)).join(" ");
}

/** A run's or schedule's last status, coloured by how it went. */
export function statusCell(status: string | null | undefined): Cell {
  if (!status) return "-";
  if (status === "succeeded") return { text: status, style: "green" };
  // missed: a heartbeat check's slot with no ping, a failure as alerts count it.
  if (["failed", "timed_out", "lost", "missed"].includes(status)) return { text: status, style: "red" };
  if (["running", "queued"].includes(status)) return { text: status, style: "cyan" };
  return { text: status, style: "yellow" };
}

/** key: value lines, keys aligned, for one object (schedules get). */
export function details(pairs: [string, string][], paint: Paint = painter(false)): string {
  const w = Math.max(...pairs.map(([k]) => width(k)));
  return pairs.map(([k, v]) => `${paint("bold", `${k}:`.padEnd(w + 1))} ${v}`).join("\n");
}
