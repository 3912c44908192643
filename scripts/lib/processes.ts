// Runs the web app and the worker side by side as one command: Ctrl-C (or SIGTERM) stops both
// cleanly, and if either dies the other is stopped too so nothing is left half-running.
import { spawn, type ChildProcess } from "node:child_process";

export type Child = { name: string; command: string; args: string[]; env?: NodeJS.ProcessEnv };

export function runTogether(children: Child[]): void {
  const running = new Map<string, ChildProcess>();
  let stopping = false;
  let exitCode = 0;

  const stopAll = (signal: NodeJS.Signals) => {
    for (const proc of running.values()) proc.kill(signal);
    // Give the children their grace period, then make sure nothing outlives us.
    setTimeout(() => {
      for (const proc of running.values()) proc.kill("SIGKILL");
    }, 30_000).unref();
  };

  for (const child of children) {
    const proc = spawn(child.command, child.args, { stdio: "inherit", env: child.env ?? process.env });
    running.set(child.name, proc);
    proc.on("exit", (code, signal) => {
      running.delete(child.name);
      if (!stopping) {
        console.error(`almanac: ${child.name} exited (${signal ?? `code ${code}`}); stopping the rest`);
        exitCode = code || 1;
        stopping = true;
        stopAll("SIGTERM");
      }
      if (running.size === 0) process.exit(exitCode);
    });
  }

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`almanac: ${signal}, stopping the web app and the worker...`);
      stopAll("SIGTERM");
    });
  }
}
