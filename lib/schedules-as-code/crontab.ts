// A crontab's text, read as cronie reads it, turned into schedule drafts: pure (no database, no
// clock). What cannot become a schedule comes back as a problem with its line number and why.
//
// Decisions, each also said in docs/schedules-as-code.md ("Crontab import"):
// - An unescaped % in a command ends the command and sends the rest to its standard input
//   (crontab(5)); a shell job has no standard input, so such a line is a problem. `\%` is a
//   literal % and becomes `%` in the command, as cron would run it.
// - CRON_TZ= and TZ= set the zone of the entries after them; an unknown zone is a problem, and so
//   is every entry after it until a valid zone line.
// - Other variables (MAILTO, PATH, SHELL, ...) are not carried over: each is a problem naming why.
// - A system crontab (/etc/crontab, /etc/cron.d) has a user column before the command. It is read
//   when `system` is set; the entry is imported, with a note that the command will run as the
//   worker's user, not that one (Almanac has no per-schedule user).
import { canonicalTimezone } from "../cron/timezone";
import { validateCron } from "../cron/validate";
import { NAME_MAX, DESCRIPTION_MAX } from "../validation/schedules";

export type CrontabEntry = {
  line: number;
  /** The line as written. */
  text: string;
  /** Five fields, macros expanded and names upper-cased (what the schedule stores). */
  cronExpression: string;
  timezone: string;
  /** The command as cron would run it (`\%` turned into `%`). */
  command: string;
  /** The user column of a system crontab. */
  user?: string;
  /** The comment right above the entry. */
  description?: string;
  /** Unique within the import and against `existingNames`. */
  suggestedName: string;
  /** What the user should know before importing it (e.g. the user it will not run as). */
  notes: string[];
};

export type CrontabProblem = { line: number; text: string; reason: string };

export type CrontabParse = { entries: CrontabEntry[]; problems: CrontabProblem[] };

export type CrontabOptions = {
  /** The zone of entries before any CRON_TZ= or TZ= line (default UTC: cron itself uses the machine's zone). */
  timezone?: string;
  /** A system crontab (/etc/crontab, /etc/cron.d): a user column between the fields and the command. */
  system?: boolean;
  /** Names already taken (the team's schedules): suggested names avoid them. */
  existingNames?: Iterable<string>;
};

export const REBOOT_REASON = "@reboot is not supported: Almanac runs schedules at times of day, not when a machine starts";
export const STDIN_REASON =
  "the command has an unescaped %, which cron turns into a newline and sends what follows to the command's standard input; a shell job has no standard input: write \\% for a literal %, or pipe the text in (printf 'text' | command)";
export const MAILTO_REASON = "MAILTO is not imported: Almanac does not mail a command's output; each run keeps its output, and alert rules tell you of failures";
const variableReason = (name: string) =>
  `the variable ${name} is not imported: each command runs with the worker's environment; set it in the command (${name}=... command) or in the shell job's env`;
const runAsNote = (user: string) => `runs as the worker's user, not as ${user}: Almanac has no per-schedule user`;

// cronie's environment lines: a name (possibly quoted), "=", a value (possibly quoted).
const ENV_LINE = /^\s*("[^"]*"|'[^']*'|[^\s=#"']+)\s*=\s*(.*?)\s*$/;
// The five fields (or a macro), then in a system crontab the user, then the command.
const FIELDS_LINE = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;
const MACRO_LINE = /^\s*(@\S+)(?:\s+(.*))?$/;
// The column header crontab templates carry ("# m h  dom mon dow   command"): not a description.
const HEADER_COMMENT = /^m\s+h\s+dom\s+mon\s+dow\b/i;

const unquote = (s: string) => (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.at(-1) === s[0] ? s.slice(1, -1) : s);

/** The command with `\%` made `%`, or null when an unescaped % would feed its standard input. */
export function cronCommand(raw: string): string | null {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\" && raw[i + 1] === "%") {
      out += "%";
      i++;
    } else if (c === "%") {
      return null;
    } else {
      out += c;
    }
  }
  return out;
}

type Timing = { cronExpression: string; written: string; rest: string | undefined } | { problem: string };

/** The schedule part of an entry line and what follows it. */
function readTiming(text: string): Timing {
  const macro = MACRO_LINE.exec(text);
  if (macro) {
    const [, name, rest] = macro;
    if (name.toLowerCase() === "@reboot") return { problem: REBOOT_REASON };
    const checked = validateCron(name);
    if (!checked.ok) return { problem: checked.message };
    return { cronExpression: checked.normalized, written: name.toLowerCase(), rest };
  }
  const fields = FIELDS_LINE.exec(text);
  if (!fields) return { problem: "expected five time fields (minute hour day-of-month month day-of-week) or an @macro, then the command" };
  const written = fields.slice(1, 6).join(" ");
  const checked = validateCron(written);
  if (!checked.ok) return { problem: checked.message };
  return { cronExpression: checked.normalized, written, rest: fields[6] };
}

/** Whether a comment's text is itself a cron entry (a job commented out): not a description. */
function looksLikeEntry(text: string): boolean {
  if (!/^[\d*@]/.test(text)) return false;
  const timing = readTiming(text);
  return !("problem" in timing) && !!timing.rest;
}

/** The program a command runs, for a name: past `cd dir &&` and `VAR=value` prefixes, its base name. */
export function programName(command: string): string {
  let rest = command.trim().replace(/^cd\s+\S+\s*(&&|;)\s*/, "");
  const words = rest.split(/\s+/);
  let word = words.find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? words[0] ?? "";
  word = unquote(word);
  rest = word.split("/").filter(Boolean).at(-1) ?? word;
  return rest || "command";
}

const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max).join("").trimEnd() : s);

/** `base`, or `base (2)`, `base (3)`... the first not in `taken`, at most NAME_MAX characters. */
function uniqueName(base: string, taken: Set<string>): string {
  let name = clip(base, NAME_MAX);
  for (let n = 2; taken.has(name); n++) {
    const suffix = ` (${n})`;
    name = clip(base, NAME_MAX - suffix.length) + suffix;
  }
  taken.add(name);
  return name;
}

/** Reads a crontab. Line numbers count from 1; CRLF line ends are accepted. */
export function parseCrontab(content: string, options: CrontabOptions = {}): CrontabParse {
  const taken = new Set(options.existingNames ?? []);
  const entries: CrontabEntry[] = [];
  const problems: CrontabProblem[] = [];
  let zone: { name: string } | { invalid: string } = { name: options.timezone ?? "UTC" };
  let comment: string[] = [];
  const lines = content.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();

  lines.forEach((text, index) => {
    const line = index + 1;
    const trimmed = text.trim();
    const problem = (reason: string) => problems.push({ line, text, reason });
    if (trimmed === "") {
      comment = [];
      return;
    }
    if (trimmed.startsWith("#")) {
      const words = trimmed.replace(/^#+/, "").trim();
      if (words === "" || HEADER_COMMENT.test(words) || looksLikeEntry(words)) comment = [];
      else comment.push(words);
      return;
    }
    const above = comment;
    comment = [];

    // An entry starts with a field (a digit, *) or a macro; anything else with "=" is a variable.
    if (!/^[\d*@]/.test(trimmed)) {
      const env = ENV_LINE.exec(text);
      if (!env) return void problem("not a cron entry (five time fields or an @macro, then a command), a variable (NAME=value) or a comment");
      const name = unquote(env[1]);
      const value = unquote(env[2]);
      if (name === "CRON_TZ" || name === "TZ") {
        const canonical = canonicalTimezone(value);
        if (canonical) {
          zone = { name: canonical };
        } else {
          zone = { invalid: value };
          problem(`unknown time zone "${value}": use an IANA name such as "UTC" or "Europe/Paris"; the entries after this line are not imported until a valid ${name}= line`);
        }
        return;
      }
      return void problem(name === "MAILTO" ? MAILTO_REASON : variableReason(name));
    }

    const timing = readTiming(text);
    if ("problem" in timing) return void problem(timing.problem);
    if ("invalid" in zone) return void problem(`the time zone "${zone.invalid}" set above is unknown`);
    let rest = timing.rest?.trim() ?? "";
    let user: string | undefined;
    if (options.system) {
      const match = /^(\S+)(?:\s+(.*))?$/.exec(rest);
      user = match?.[1];
      rest = match?.[2]?.trim() ?? "";
      if (!user) return void problem("a system crontab line needs a user and a command after the time fields");
    }
    if (rest === "") return void problem("no command after the time fields");
    const command = cronCommand(rest);
    if (command === null) return void problem(STDIN_REASON);

    const notes: string[] = [];
    if (user) notes.push(runAsNote(user));
    else if (/^root\s/.test(command)) notes.push('the command starts with "root": if this is a system crontab (/etc/crontab, /etc/cron.d), read it as one so that column is taken as the user');
    const description = above.length ? clip(above.join("\n"), DESCRIPTION_MAX) : undefined;
    const base = above.length ? above.at(-1)! : `${programName(command)} (${timing.written})`;
    entries.push({
      line,
      text,
      cronExpression: timing.cronExpression,
      timezone: zone.name,
      command,
      ...(user ? { user } : {}),
      ...(description ? { description } : {}),
      suggestedName: uniqueName(base, taken),
      notes,
    });
  });
  return { entries, problems };
}
