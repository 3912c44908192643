// A first-in, first-out line of items: taking from the front costs the same however long the line
// is (Array.prototype.shift and splice(0, n) move every item behind the ones taken).
export class Line<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Puts items back at the front, in their order. */
  unshift(items: readonly T[]): void {
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** Takes up to `n` items from the front. */
  take(n: number): T[] {
    const taken = this.items.slice(this.head, this.head + n);
    this.head += taken.length;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head); // the taken items are released now and then
      this.head = 0;
    }
    return taken;
  }
}
