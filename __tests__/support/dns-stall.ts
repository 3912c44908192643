// Run inside a fresh network and mount namespace (see lib/entrypoints/dns-stall.test.ts), where
// /etc/resolv.conf names 127.0.0.1 and this script's UDP server there never answers. It starts
// four lookups of names that server "resolves", the way http jobs do (argv[2] "jobs": the http
// job's own resolver) or with plain dns.lookup() ("getaddrinfo", the control), and then times an
// unrelated dns.lookup("localhost") (from /etc/hosts) and a file read. Prints them as JSON.
import dgram from "node:dgram";
import { promises as dns } from "node:dns";
import { readFile } from "node:fs/promises";
import { systemResolver } from "../../lib/entrypoints/network";

async function main() {
  const silent = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => silent.bind(53, "127.0.0.1", resolve));
  for (let i = 0; i < 4; i++) {
    const name = `stuck-${i}.example.com`;
    (process.argv[2] === "jobs" ? systemResolver(name) : dns.lookup(name)).catch(() => {});
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return Math.round(performance.now() - started);
  };
  const readMs = await timed(() => readFile("/etc/hosts"));
  const lookupMs = await timed(() => dns.lookup("localhost"));
  process.stdout.write(JSON.stringify({ lookupMs, readMs }) + "\n");
  process.exit(0);
}

void main();
