// The attack itself, where the machine allows it: a DNS server that never answers, named in the
// process's /etc/resolv.conf. A child runs in its own network and mount namespace (unshare; skipped,
// visibly, where user namespaces or `ip` are unavailable) with a resolv.conf that names a silent
// server on 127.0.0.1. Four stuck dns.lookup() calls make every other dns.lookup() of the process
// wait out the system resolver's timeout (the control); four stuck lookups by http jobs do not.
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { tempDir } from "../../__tests__/support/temp";

const RESOLVER_TIMEOUT_S = 2;

function canIsolate(): boolean {
  try {
    execFileSync("unshare", ["-rmn", "sh", "-c", "ip link set lo up"], { stdio: "ignore", timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

function runIsolated(mode: "jobs" | "getaddrinfo"): { lookupMs: number; readMs: number } {
  const resolvConf = path.join(tempDir("dns-stall"), "resolv.conf");
  writeFileSync(resolvConf, `nameserver 127.0.0.1\noptions timeout:${RESOLVER_TIMEOUT_S} attempts:1\n`);
  const script = path.resolve(import.meta.dirname, "../../__tests__/support/dns-stall.ts");
  const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
  const shell = `ip link set lo up && mount --bind "${resolvConf}" /etc/resolv.conf && exec "${tsx}" "${script}" ${mode}`;
  const child = spawnSync("unshare", ["-rmn", "sh", "-c", shell], { encoding: "utf8", timeout: 60_000, env: { ...process.env, HTTP_DNS_TIMEOUT_MS: "30000" } });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split("\n").at(-1)!) as { lookupMs: number; readMs: number };
}

test.skipIf(!canIsolate())("stuck lookups of http jobs leave dns.lookup() and file reads free; stuck dns.lookup() calls do not", { timeout: 90_000 }, () => {
  const control = runIsolated("getaddrinfo");
  expect(control.lookupMs).toBeGreaterThan(RESOLVER_TIMEOUT_S * 1000 * 0.75); // the attack works on dns.lookup()
  const jobs = runIsolated("jobs");
  expect(jobs.lookupMs).toBeLessThan(500);
  expect(jobs.readMs).toBeLessThan(500);
});
