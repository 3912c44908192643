// The crontab reader: every rule of lib/schedules-as-code/crontab.ts, with the line numbers the
// preview shows.
import { describe, expect, test } from "vitest";
import { NAME_MAX } from "../validation/schedules";
import { MAILTO_REASON, REBOOT_REASON, STDIN_REASON, parseCrontab, programName } from "./crontab";

const lines = (...l: string[]) => l.join("\n");

describe("entries", () => {
  test("five fields with names, ranges and steps; macros expanded; line numbers past blanks and comments", () => {
    const { entries, problems } = parseCrontab(
      lines("# header", "", "*/15 9-17 * jan-mar mon-fri /usr/bin/check --all", "0 0 1,15 * *   echo twice a month  ", "@daily /srv/nightly.sh", "@ANNUALLY  rotate", "0 3 * * 7 sunday.sh"),
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.line, e.cronExpression, e.command, e.timezone])).toEqual([
      [3, "*/15 9-17 * JAN-MAR MON-FRI", "/usr/bin/check --all", "UTC"],
      [4, "0 0 1,15 * *", "echo twice a month", "UTC"],
      [5, "0 0 * * *", "/srv/nightly.sh", "UTC"],
      [6, "0 0 1 1 *", "rotate", "UTC"],
      [7, "0 3 * * 7", "sunday.sh", "UTC"],
    ]);
  });

  test("every macro cronie knows", () => {
    const macros = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
    const { entries, problems } = parseCrontab(macros.map((m) => `${m} run`).join("\n"));
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.cronExpression)).toEqual(["0 0 1 1 *", "0 0 1 1 *", "0 0 1 * *", "0 0 * * 0", "0 0 * * *", "0 0 * * *", "0 * * * *"]);
  });

  test("CRLF line ends, and a last line without a newline", () => {
    const { entries } = parseCrontab("# a\r\n0 1 * * * one\r\n0 2 * * * two");
    expect(entries.map((e) => [e.line, e.command, e.description])).toEqual([
      [2, "one", "a"],
      [3, "two", undefined],
    ]);
  });

  test("the default zone is the option's, else UTC", () => {
    expect(parseCrontab("0 1 * * * x", { timezone: "Europe/Paris" }).entries[0].timezone).toBe("Europe/Paris");
    expect(parseCrontab("0 1 * * * x").entries[0].timezone).toBe("UTC");
  });
});

describe("problems, with their line and reason", () => {
  test("bad fields name the field; wrong counts; no command; Quartz extensions", () => {
    const { entries, problems } = parseCrontab(lines("0 25 * * * late", "0 3 * *", "0 3 * * *", "0 3 L * * last", "0 0 30 2 * never", "hello world", "0 3 * * * fine"));
    expect(entries.map((e) => e.line)).toEqual([7]);
    expect(problems).toEqual([
      { line: 1, text: "0 25 * * * late", reason: 'hour: "25" is out of range 0-23' },
      { line: 2, text: "0 3 * *", reason: expect.stringMatching(/^expected five time fields/) },
      { line: 3, text: "0 3 * * *", reason: "no command after the time fields" },
      { line: 4, text: "0 3 L * * last", reason: expect.stringMatching(/^day of month: "L"/) },
      { line: 5, text: "0 0 30 2 * never", reason: "day of month: never runs: February has no 30th" },
      { line: 6, text: "hello world", reason: expect.stringMatching(/^not a cron entry/) },
    ]);
  });

  test("@reboot and unknown macros", () => {
    const { entries, problems } = parseCrontab(lines("@reboot /srv/start.sh", "@every 5m x", "@fortnightly x"));
    expect(entries).toEqual([]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, REBOOT_REASON],
      [2, expect.stringMatching(/^@every is not supported/)],
      [3, expect.stringMatching(/^unknown macro "@fortnightly"/)],
    ]);
  });
});

describe("% in commands", () => {
  test("\\% is a literal %; an unescaped % (standard input) refuses the line", () => {
    const { entries, problems } = parseCrontab(lines("0 0 * * * tar czf /b/$(date +\\%F).tgz /srv", "0 0 * * * mail -s hi ops%body line%"));
    expect(entries.map((e) => [e.line, e.command])).toEqual([[1, "tar czf /b/$(date +%F).tgz /srv"]]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([[2, STDIN_REASON]]);
    // Line 3 is not an entry above: "\\\\%" is a backslash kept as written, then an escaped %.
    expect(parseCrontab("0 1 * * * echo 100\\\\%").entries[0].command).toBe("echo 100\\%");
  });
});

describe("variables", () => {
  test("CRON_TZ and TZ set the zone of the lines after them, quoted or not; names as the database spells them", () => {
    const { entries, problems } = parseCrontab(lines("0 1 * * * a", "CRON_TZ=Europe/Paris", "0 2 * * * b", 'TZ = "america/new_york"', "0 3 * * * c", "CRON_TZ='UTC'", "0 4 * * * d"));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.line, e.timezone])).toEqual([
      [1, "UTC"],
      [3, "Europe/Paris"],
      [5, "America/New_York"],
      [7, "UTC"],
    ]);
  });

  test("an unknown zone is a problem, and so is every entry after it until a valid zone line", () => {
    const { entries, problems } = parseCrontab(lines("CRON_TZ=Mars/Olympus", "0 1 * * * a", "@daily b", "CRON_TZ=Asia/Tokyo", "0 2 * * * c"));
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, expect.stringMatching(/^unknown time zone "Mars\/Olympus".*not imported until a valid CRON_TZ= line/)],
      [2, 'the time zone "Mars/Olympus" set above is unknown'],
      [3, 'the time zone "Mars/Olympus" set above is unknown'],
    ]);
    expect(entries.map((e) => [e.line, e.timezone])).toEqual([[5, "Asia/Tokyo"]]);
  });

  test("MAILTO and other variables are reported as not imported, with the reason", () => {
    const { entries, problems } = parseCrontab(lines("MAILTO=ops@example.com", "SHELL=/bin/bash", 'PATH = "/usr/local/bin:/usr/bin"', "0 1 * * * a"));
    expect(entries).toHaveLength(1);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([
      [1, MAILTO_REASON],
      [2, expect.stringMatching(/^the variable SHELL is not imported: each command runs with the worker's environment/)],
      [3, expect.stringMatching(/^the variable PATH is not imported/)],
    ]);
  });
});

describe("descriptions and names", () => {
  test("the comment block right above an entry is its description; its last line the name; a blank line or a variable in between breaks it", () => {
    const { entries } = parseCrontab(
      lines("# Nightly backup", "#  of the database  ", "0 3 * * * pg_dump app", "# Detached", "", "0 4 * * * /usr/local/bin/rotate-logs --all", "# Before a variable", "MAILTO=x", "@hourly ping"),
    );
    expect(entries.map((e) => [e.line, e.description, e.suggestedName])).toEqual([
      [3, "Nightly backup\nof the database", "of the database"],
      [6, undefined, "rotate-logs (0 4 * * *)"],
      [9, undefined, "ping (@hourly)"],
    ]);
  });

  test("a commented-out job and the template's column header are not descriptions", () => {
    const { entries } = parseCrontab(lines("# m h  dom mon dow   command", "#0 2 * * * old-job", "0 3 * * * new-job"));
    expect([entries[0].description, entries[0].suggestedName]).toEqual([undefined, "new-job (0 3 * * *)"]);
  });

  test("names unique within the import and against existing names, with (2), (3)...; at most the name limit", () => {
    const long = "x".repeat(300);
    const { entries } = parseCrontab(lines("# Backup", "0 1 * * * a", "# Backup", "0 2 * * * b", "# Backup", "0 3 * * * c", `# ${long}`, "0 4 * * * d", `# ${long}`, "0 5 * * * e"), {
      existingNames: ["Backup (2)"],
    });
    expect(entries.map((e) => e.suggestedName)).toEqual(["Backup", "Backup (3)", "Backup (4)", "x".repeat(NAME_MAX), `${"x".repeat(NAME_MAX - 4)} (2)`]);
  });

  test("the program's base name, past cd and variable prefixes", () => {
    expect(programName("/usr/bin/python3 /srv/job.py")).toBe("python3");
    expect(programName("cd /srv/app && ./bin/sync --fast")).toBe("sync");
    expect(programName("RAILS_ENV=production bundle exec rake jobs")).toBe("bundle");
  });
});

describe("system crontabs", () => {
  test("the user column is read, and noted: the command runs as the worker's user", () => {
    const { entries, problems } = parseCrontab(lines("17 * * * * root cd / && run-parts --report /etc/cron.hourly", "@daily www-data /srv/clean", "0 1 * * * root"), { system: true });
    expect(entries.map((e) => [e.line, e.user, e.command, e.notes])).toEqual([
      [1, "root", "cd / && run-parts --report /etc/cron.hourly", ["runs as the worker's user, not as root: Almanac has no per-schedule user"]],
      [2, "www-data", "/srv/clean", ["runs as the worker's user, not as www-data: Almanac has no per-schedule user"]],
    ]);
    expect(problems.map((p) => [p.line, p.reason])).toEqual([[3, "no command after the time fields"]]);
  });

  test("read as a user crontab, a line that starts with root says to read it as a system one", () => {
    const [entry] = parseCrontab("0 1 * * * root /srv/x").entries;
    expect(entry.command).toBe("root /srv/x");
    expect("user" in entry).toBe(false);
    expect(entry.notes[0]).toMatch(/system crontab/);
  });
});
