// ReadyRuns: started runs wait for a slot in order, but a run of an account at its cap never
// holds up another account's run behind it, and costs one pass however many wait.
import { expect, test } from "vitest";
import { ReadyRuns } from "./ready";

type Run = { id: string; account: string };
function setup(cap: number) {
  const executing = new Map<string, number>();
  const ready = new ReadyRuns<Run>(
    (r) => r.account,
    (a) => (executing.get(a) ?? 0) < cap,
  );
  /** Launches up to `slots` runs as the executor does: each counted before the next is asked for. */
  const launch = (slots: number) => {
    const out: string[] = [];
    for (let run; out.length < slots && (run = ready.next()); ) {
      executing.set(run.account, (executing.get(run.account) ?? 0) + 1);
      out.push(run.id);
    }
    return out;
  };
  const end = (account: string) => {
    executing.set(account, executing.get(account)! - 1);
    ready.release(account);
  };
  return { ready, launch, end };
}

test("a run of another account behind a capped account's runs launches at once; the capped ones follow in order as their runs end", () => {
  const { ready, launch, end } = setup(2);
  for (let i = 0; i < 5; i++) ready.push({ id: `a${i}`, account: "a" });
  ready.push({ id: "b0", account: "b" });
  expect(launch(10)).toEqual(["a0", "a1", "b0"]);
  expect([ready.size, ready.launchable]).toEqual([3, 0]); // parked: no slot taken
  expect(launch(10)).toEqual([]);
  end("a");
  ready.push({ id: "a5", account: "a" });
  expect(launch(10)).toEqual(["a2"]);
  end("a");
  end("a");
  expect(launch(10)).toEqual(["a3", "a4"]);
  end("a");
  expect(launch(10)).toEqual(["a5"]);
  expect(ready.size).toBe(0);
});

test("takeAll hands back every run, those in line first", () => {
  const { ready, launch } = setup(1);
  for (const id of ["a0", "a1", "a2"]) ready.push({ id, account: "a" });
  expect(launch(1)).toEqual(["a0"]);
  expect(launch(5)).toEqual([]); // a1, a2 parked
  ready.push({ id: "b0", account: "b" });
  expect(ready.takeAll().map((r) => r.id)).toEqual(["b0", "a1", "a2"]);
  expect(ready.size).toBe(0);
});

test("10,000 runs of one capped account: launching through them is linear, not a scan per launch", () => {
  const { ready, launch, end } = setup(5);
  for (let i = 0; i < 10_000; i++) ready.push({ id: `a${i}`, account: "a" });
  const started = performance.now();
  let launched = launch(10).length;
  while (launched < 10_000) {
    end("a");
    launched += launch(10).length;
  }
  expect(performance.now() - started).toBeLessThan(150); // a scan per launch: some 50 million steps, seconds
  expect(ready.size).toBe(0);
});
