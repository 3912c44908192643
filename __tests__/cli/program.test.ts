// The CLI's arguments: commander refuses bad input as a usage error, and every command's --help
// carries an example.
import { CommanderError, type Command } from "commander";
import { expect, test } from "vitest";
import { buildProgram } from "../../cli/main";

function quiet(program: Command): Command {
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.configureOutput({ writeErr: () => {}, writeOut: () => {} });
  return program;
}

async function usageError(args: string[]): Promise<CommanderError> {
  const program = quiet(buildProgram());
  const err = await program.parseAsync(["node", "almanac", ...args]).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CommanderError);
  return err as CommanderError;
}

test("bad arguments are commander's errors, naming what is wrong", async () => {
  expect((await usageError(["schedules", "ls", "--limit", "ten"])).message).toMatch(/--limit must be a whole number/);
  expect((await usageError(["schedules", "create", "--payload", "{nope"])).message).toMatch(/--payload is not valid JSON/);
  expect((await usageError(["schedules", "get"])).code).toBe("commander.missingArgument");
  expect((await usageError(["schedules", "frobnicate"])).code).toBe("commander.unknownCommand");
  expect((await usageError(["apply"])).code).toBe("commander.missingMandatoryOptionValue");
  expect((await usageError(["export", "--format", "xml"])).code).toBe("commander.invalidArgument");
});

test("every command's --help has an example", () => {
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  const program = buildProgram();
  const commands = all(program).filter((c) => c.name() !== "help");
  expect(commands.map((c) => c.name())).toEqual(expect.arrayContaining(["login", "logout", "ls", "get", "create", "edit", "rm", "pause", "resume", "run", "logs", "export", "apply", "import-crontab", "rotate-ping-key"]));
  for (const c of commands) {
    let out = "";
    c.configureOutput({ writeOut: (s) => (out += s) });
    c.outputHelp();
    expect(out, c.name()).toMatch(/Examples?:\n {2}\$ .*almanac /);
  }
});
