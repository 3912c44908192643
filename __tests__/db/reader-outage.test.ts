// The driver-level reader through a database outage: a pooled connection dropped while idle does
// not end the process (Node ends it on an 'error' event nobody listens to), and once the database
// is back the next read works.
import { afterAll, expect, test } from "vitest";
import { openReader } from "../../lib/db/reader";
import { pgUrl } from "../support/databases";
import { cuttableProxy } from "../support/proxy";
import { waitFor } from "../support/server";

const errors: unknown[] = [];
const onUncaught = (err: unknown) => errors.push(err);
process.on("uncaughtException", onUncaught);
afterAll(() => {
  process.off("uncaughtException", onUncaught);
});

test.skipIf(!pgUrl)("an idle connection dropped in an outage is no uncaught error, and reads work again after it", async () => {
  const proxy = await cuttableProxy(new URL(pgUrl!));
  const url = new URL(pgUrl!);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const reader = openReader({ provider: "postgresql", url: url.toString() }, { connections: 2 });
  try {
    const select = { sqlite: "SELECT 1 AS one", postgresql: "SELECT 1 AS one" };
    expect(await reader.all(select, [])).toEqual([{ one: 1 }]);
    await proxy.cut(); // the pooled connection, idle now, is dropped
    await new Promise((r) => setTimeout(r, 300));
    expect(errors).toEqual([]);
    await expect(reader.all(select, [])).rejects.toThrow();
    await proxy.restore();
    await waitFor(async () => (await reader.all<{ one: number }>(select, []).catch(() => []))[0]?.one === 1, 10_000, "a read after the outage");
  } finally {
    await reader.close().catch(() => undefined);
  }
});
