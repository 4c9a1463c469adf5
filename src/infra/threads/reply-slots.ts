const INITIAL_CAPACITY = 64;

/**
 * What waits for each of a thread's replies, by request id: a table of slots, one per id modulo
 * its capacity, emptied when the reply arrives.
 *
 * Why not a Map: a long-lived Map whose keys keep changing rehashes every few requests, and V8
 * leaves each replaced table in the old generation still pointing at the entries it held. Until the
 * next major GC, scavenges treat those stale pointers as live, so everything a waiting caller
 * reached (its promise, its async frames, its HTTP request and response) outlived two scavenges and
 * was promoted. At 3,000 telemetry batches/s that was nearly every request, 1.5-2.4 MB per
 * scavenge, and a major GC every 8-10 s (docs/benchmarks.md). A slot is overwritten in place, so
 * nothing stale points at a settled caller. The table only grows, when an id's slot is still taken
 * by an earlier request: to about the span of ids waiting at once, which for a thread that answers
 * in order (the event store's writer) is the number of requests in flight.
 */
export class ReplySlots<T> {
  private ids = new Float64Array(INITIAL_CAPACITY);
  private values: Array<T | undefined> = new Array<T | undefined>(INITIAL_CAPACITY).fill(undefined);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** `id` is a positive integer not waiting already (a counter's next value). */
  add(id: number, value: T): void {
    if (!(Number.isSafeInteger(id) && id > 0)) throw new RangeError(`a reply id is a positive integer, not ${id}`);
    while (this.ids[this.slot(id)] !== 0) {
      if (this.ids[this.slot(id)] === id) throw new Error(`reply ${id} is waiting already`);
      this.grow();
    }
    const slot = this.slot(id);
    this.ids[slot] = id;
    this.values[slot] = value;
    this.count++;
  }

  /** Removes and returns what waits for `id`, or undefined when nothing does. */
  take(id: number): T | undefined {
    // An empty slot holds id 0, which no waiting reply has.
    if (!(id > 0)) return undefined;
    const slot = this.slot(id);
    if (this.ids[slot] !== id) return undefined;
    const value = this.values[slot];
    this.ids[slot] = 0;
    this.values[slot] = undefined;
    this.count--;
    return value;
  }

  /** Removes and returns everything waiting, in no particular order. */
  takeAll(): T[] {
    const all: T[] = [];
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] !== 0) all.push(this.values[slot] as T);
    }
    this.ids.fill(0);
    this.values.fill(undefined);
    this.count = 0;
    return all;
  }

  private slot(id: number): number {
    return id % this.ids.length;
  }

  private grow(): void {
    const ids = this.ids;
    const values = this.values;
    this.ids = new Float64Array(ids.length * 2);
    this.values = new Array<T | undefined>(ids.length * 2).fill(undefined);
    this.count = 0;
    for (let slot = 0; slot < ids.length; slot++) {
      if (ids[slot] !== 0) this.add(ids[slot], values[slot] as T);
    }
    // The replaced table is garbage, likely in the old generation: left pointing at the callers, it
    // would keep them alive through the next scavenges, as a Map's replaced tables did (see above).
    values.fill(undefined);
  }
}
