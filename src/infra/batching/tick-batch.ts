/**
 * Collects what callers add during one tick of the event loop and hands it to `flush` as one
 * array on the next (setImmediate): the group commit of the embedded stores, where everything a
 * tick produced shares one transaction.
 */
export class TickBatch<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(private readonly flush: (items: T[]) => void) {}

  add(item: T): void {
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flushNow());
    }
  }

  /** Hands over what has been added so far at once (a closing store), if anything. */
  flushNow(): void {
    this.scheduled = false;
    const items = this.take();
    if (items.length > 0) this.flush(items);
  }

  /** Removes and returns what has been added, without flushing it. */
  take(): T[] {
    const items = this.items;
    this.items = [];
    return items;
  }

  get size(): number {
    return this.items.length;
  }
}
