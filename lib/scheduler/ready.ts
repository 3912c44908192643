// Runs whose start has committed, waiting for an execution slot (the executor's `ready`). They
// leave in the order they came, except that a run whose account already executes as many runs
// as its cap allows is set aside (parked) until one of that account's runs ends: it never holds
// up another account's run behind it.
//
// Each run is parked at most once and leaves its account's line in order, so a burst of 10,000
// runs of one capped account costs one pass, not a scan per launch.
import { Line } from "./line";

export class ReadyRuns<T> {
  // Filled by push(); drained by next() (launched or parked) and takeAll().
  private line = new Line<T>();
  // Filled by next() with runs of accounts at their cap; drained by next() once the account is
  // under its cap again (release() names it), and by takeAll().
  private parked = new Map<string, Line<T>>();
  private parkedCount = 0;
  // Accounts with parked runs that one of their runs ending may have brought under their cap.
  private released = new Set<string>();

  constructor(
    private readonly accountOf: (item: T) => string,
    private readonly underCap: (account: string) => boolean,
  ) {}

  /** Every run waiting here, parked or not. */
  get size(): number {
    return this.line.size + this.parkedCount;
  }

  /** Runs that could take a free slot now (not parked). */
  get launchable(): number {
    return this.line.size;
  }

  push(item: T): void {
    this.line.push(item);
  }

  /** An account's run ended: its parked runs may go again. */
  release(account: string): void {
    if (this.parked.has(account)) this.released.add(account);
  }

  /**
   * The next run to launch, or undefined: the oldest parked run of an account released and under
   * its cap, else the first in line whose account is under its cap (those before it at their cap
   * are parked). The caller launches it (counting it against its account) before asking again.
   */
  next(): T | undefined {
    for (const account of this.released) {
      const line = this.parked.get(account);
      if (!line || !this.underCap(account)) {
        this.released.delete(account); // released again when another of its runs ends
        continue;
      }
      return this.unpark(account, line);
    }
    while (this.line.size > 0) {
      const item = this.line.take(1)[0];
      const account = this.accountOf(item);
      const parked = this.parked.get(account);
      if (!this.underCap(account)) this.park(account, item);
      else if (parked) {
        // Its account's earlier runs go first.
        this.park(account, item);
        return this.unpark(account, parked);
      } else return item;
    }
    return undefined;
  }

  /** Every run, those in line first, then the parked ones; none is left. */
  takeAll(): T[] {
    const all = this.line.take(this.line.size);
    for (const line of this.parked.values()) all.push(...line.take(line.size));
    this.parked.clear();
    this.parkedCount = 0;
    this.released.clear();
    return all;
  }

  private park(account: string, item: T) {
    const line = this.parked.get(account) ?? new Line<T>();
    line.push(item);
    this.parked.set(account, line);
    this.parkedCount++;
  }

  private unpark(account: string, line: Line<T>): T {
    const item = line.take(1)[0];
    this.parkedCount--;
    if (line.size === 0) {
      this.parked.delete(account);
      this.released.delete(account);
    }
    return item;
  }
}
