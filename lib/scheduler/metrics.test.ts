// The worker's metrics server has no login: it listens on loopback unless WORKER_METRICS_HOST opens it.
import { once } from "node:events";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { afterEach, expect, test } from "vitest";
import { loadEnv } from "../env";
import type { Logger } from "../log";
import { serveMetrics } from "./metrics";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let server: http.Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** The machine's first IPv4 address that is not loopback (null on a machine with none). */
const outsideAddress = () =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address ?? null;

/** Serves the metrics as the worker does for this environment (worker/index.ts), on a free port. */
async function serveAsWorker(vars: Record<string, string>) {
  const config = loadEnv({ WORKER_METRICS_PORT: "9464", ...vars });
  server = serveMetrics(() => "almanac_up 1\n", { port: 0, host: config.WORKER_METRICS_HOST }, quiet);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

const reachable = (host: string, port: number) =>
  fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(2_000) }).then(
    (res) => res.status === 200,
    () => false,
  );

test("by default the metrics server listens on 127.0.0.1 only: not reachable on the machine's other addresses", async () => {
  const port = await serveAsWorker({});
  expect(server!.address()).toMatchObject({ address: "127.0.0.1" });
  expect(await reachable("127.0.0.1", port)).toBe(true);
  const outside = outsideAddress();
  if (outside) expect(await reachable(outside, port)).toBe(false);
});

test("WORKER_METRICS_HOST=0.0.0.0 listens on every interface", async () => {
  const port = await serveAsWorker({ WORKER_METRICS_HOST: "0.0.0.0" });
  expect(server!.address()).toMatchObject({ address: "0.0.0.0" });
  const outside = outsideAddress();
  if (outside) expect(await reachable(outside, port)).toBe(true);
});

test("a WORKER_METRICS_HOST that is no address is refused at start, naming the variable", () => {
  expect(() => loadEnv({ WORKER_METRICS_HOST: "http://0.0.0.0/" })).toThrow(/WORKER_METRICS_HOST: must be an address/);
});
