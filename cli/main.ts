// The `almanac` command line: builds the commands and turns every failure into one line on stderr
// and an exit code (cli/errors.ts: 0 ok, 1 failed, 2 usage, 3 auth, 4 not found, 5 unreachable).
import { Command, CommanderError } from "commander";
import { applyCommand, exportCommand, importCrontabCommand } from "./commands/code";
import { loginCommand, logoutCommand, whoamiCommand } from "./commands/auth";
import { logsCommand, runsCommand } from "./commands/runs";
import { schedulesCommand } from "./commands/schedules";
import { example } from "./context";
import { CliError, EXIT } from "./errors";
import { painter, useColor } from "./format";

const VERSION = "0.1.0";

export function buildProgram(): Command {
  const program = new Command("almanac")
    .description("Almanac, the self-hosted cron scheduler, from the command line (through its REST API)")
    .version(VERSION)
    .showHelpAfterError("(add --help for usage)")
    .exitOverride()
    .configureHelp({ showGlobalOptions: true });
  example(program, "almanac login --url https://cron.example.com", "almanac schedules ls", "almanac logs -f <runId>");
  program.addHelpText("after", "\nExit codes: 0 ok, 1 failed, 2 usage, 3 not logged in or not allowed, 4 not found, 5 server unreachable.\nConfig: ALMANAC_URL and ALMANAC_TOKEN override the file written by almanac login.\n");
  const commands = [loginCommand(), logoutCommand(), whoamiCommand(), schedulesCommand(), runsCommand(), logsCommand(), exportCommand(), applyCommand(), importCrontabCommand()];
  for (const c of commands) program.addCommand(c);
  // Subcommands made with new Command() do not inherit these: set them on every one.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program)) c.exitOverride().showHelpAfterError("(add --help for usage)");
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `almanac logs <id> | head`: the reader went away; stop quietly instead of with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(EXIT.ok);
      throw err;
    });
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage; // commander printed it
    const paint = painter(useColor(process.stderr));
    if (err instanceof CliError) {
      const lines = [paint("red", `almanac: ${err.message}`), ...Object.entries(err.fields).map(([f, m]) => `  ${f}: ${m}`), ...err.details.map((d) => `  ${d}`)];
      process.stderr.write(`${lines.join("\n")}\n`);
      return err.exitCode;
    }
    if ((err as Error).name === "AbortError") return EXIT.failed;
    process.stderr.write(`${paint("red", `almanac: ${(err as Error).stack ?? String(err)}`)}\n`);
    return EXIT.failed;
  }
}
