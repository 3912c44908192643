// The `almanac` CLI as a real process (node bin/almanac.mjs), with its own HOME and config folder.
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../lib/db/schema-source";
import { tempDir } from "./temp";

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** A home for the CLI's config: HOME and XDG_CONFIG_HOME under a fresh temp dir. */
export function cliHome(): { HOME: string; XDG_CONFIG_HOME: string } {
  const home = tempDir("almanac-cli-home");
  return { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config") };
}

/**
 * Runs `almanac ...args`; `input` is piped to stdin (else stdin is empty: not a terminal).
 * ALMANAC_URL/ALMANAC_TOKEN and NO_COLOR from the test's own environment are left out.
 */
export function runCli(args: string[], env: Record<string, string>, input = "", { timeoutMs = 30_000, onStderr }: { timeoutMs?: number; onStderr?: (all: string) => void } = {}): Promise<CliResult> {
  const base = { ...process.env };
  delete base.ALMANAC_URL;
  delete base.ALMANAC_TOKEN;
  const proc = spawn(process.execPath, [path.join(ROOT, "bin/almanac.mjs"), ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout.on("data", (d) => (stdout += d));
  proc.stderr.on("data", (d) => {
    stderr += d;
    onStderr?.(stderr);
  });
  proc.stdin.end(input);
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    proc.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
