/**
 * One secondary index of the memory read store: for each distinct string value of `field`, the
 * ids of the documents holding it, as [orderKey, id] pairs kept sorted ascending by orderKey then
 * id (so the newest is at the end, and listing newest first walks the array backwards).
 *
 * An entry that does not go at the end of its bucket is not spliced in at once: it waits in the
 * bucket's pending tail, which is sorted and merged in the next time the bucket is read or has an
 * entry removed. A fan-out puts 10,000 entries of one workout into one `workout_id` bucket, in
 * follower order, and that bucket is usually only read if the workout is removed again.
 *
 * Documents whose `field` is a string but whose `orderBy` is not are kept in a side set, so that
 * deleting by `field` still finds them although listing never shows them. Documents whose
 * `field` is not a string are not in the index at all.
 *
 * Costs, with b the size of the touched bucket and k its pending entries: insert O(1) amortised;
 * remove O(log b) plus the array splice (a native memmove of up to b slots); the first read or
 * remove after k inserts out of order O(k log k + b); batch remove of k from one bucket O(b).
 */

/** [orderKey, id] */
export type IndexEntry = [key: string, id: string];

type Fields = Readonly<Record<string, unknown>>;

export class SortedIndex {
  private readonly ordered = new Map<string, IndexEntry[]>();
  /** Per field value, entries inserted out of order and not yet merged into the ordered bucket. */
  private readonly pending = new Map<string, IndexEntry[]>();
  private readonly unordered = new Map<string, Set<string>>();

  constructor(
    readonly field: string,
    readonly orderBy: string,
  ) {}

  /** The ordered bucket of one field value (do not modify it). */
  bucket(value: string): readonly IndexEntry[] | undefined {
    this.settle(value);
    return this.ordered.get(value);
  }

  /** How many documents hold this value of `field` (listed or not). */
  size(value: string): number {
    return (this.ordered.get(value)?.length ?? 0) + (this.pending.get(value)?.length ?? 0) + (this.unordered.get(value)?.size ?? 0);
  }

  /** The ids of every document holding this value of `field`. */
  *ids(value: string): Generator<string> {
    this.settle(value);
    const bucket = this.ordered.get(value);
    if (bucket) for (const [, id] of bucket) yield id;
    const rest = this.unordered.get(value);
    if (rest) yield* rest;
  }

  /** Whether replacing `before` by `after` leaves this index unchanged. */
  unchanged(before: Fields | undefined, after: Fields): boolean {
    return before !== undefined && before[this.field] === after[this.field] && before[this.orderBy] === after[this.orderBy];
  }

  /** Indexes a document that is not in the index (remove the old version of a replaced one first). */
  insert(id: string, document: Fields): void {
    const value = document[this.field];
    if (typeof value !== 'string') return;
    const key = document[this.orderBy];
    if (typeof key !== 'string') {
      let rest = this.unordered.get(value);
      if (!rest) this.unordered.set(value, (rest = new Set()));
      rest.add(id);
      return;
    }
    const bucket = this.ordered.get(value);
    if (!bucket) {
      this.ordered.set(value, [[key, id]]);
      return;
    }
    // The newest goes at the end at once (feeds mostly grow at their newest end); others wait.
    const tail = this.pending.get(value);
    if (tail === undefined && isBelow(bucket[bucket.length - 1], key, id)) bucket.push([key, id]);
    else if (tail === undefined) this.pending.set(value, [[key, id]]);
    else tail.push([key, id]);
  }

  remove(id: string, document: Fields): void {
    const value = document[this.field];
    if (typeof value !== 'string') return;
    const key = document[this.orderBy];
    if (typeof key !== 'string') {
      const rest = this.unordered.get(value);
      if (rest?.delete(id) && rest.size === 0) this.unordered.delete(value);
      return;
    }
    this.settle(value);
    const bucket = this.ordered.get(value);
    if (!bucket) return;
    const at = lowerBound(bucket, key, id);
    if (at < bucket.length && bucket[at][0] === key && bucket[at][1] === id) {
      if (bucket.length === 1) this.ordered.delete(value);
      else if (at === bucket.length - 1) bucket.pop();
      else bucket.splice(at, 1);
    }
  }

  /** Inserts many documents (none of them already in the index), as insert does one by one. */
  insertAll(documents: Iterable<readonly [string, Fields]>): void {
    for (const [id, document] of documents) this.insert(id, document);
  }

  /** Removes many documents (as they are in the index), filtering each touched bucket once when it loses more than one. */
  removeAll(documents: Iterable<readonly [string, Fields]>): void {
    const byValue = new Map<string, Array<readonly [string, Fields]>>();
    for (const item of documents) {
      const value = item[1][this.field];
      if (typeof value !== 'string') continue;
      const group = byValue.get(value);
      if (group) group.push(item);
      else byValue.set(value, [item]);
    }
    for (const [value, group] of byValue) {
      if (group.length === 1) {
        this.remove(group[0][0], group[0][1]);
        continue;
      }
      const ids = new Set<string>();
      for (const [id, document] of group) {
        if (typeof document[this.orderBy] === 'string') ids.add(id);
        else this.remove(id, document);
      }
      this.settle(value);
      const bucket = this.ordered.get(value);
      if (!bucket || ids.size === 0) continue;
      const kept = bucket.filter(([, id]) => !ids.has(id));
      if (kept.length === 0) this.ordered.delete(value);
      else this.ordered.set(value, kept);
    }
  }

  /** Merges a bucket's pending entries into its ordered array: one sort of them, then an append or a merge. */
  private settle(value: string): void {
    const tail = this.pending.get(value);
    if (tail === undefined) return;
    this.pending.delete(value);
    tail.sort(compareEntries);
    removeRepeats(tail);
    const bucket = this.ordered.get(value);
    if (!bucket) this.ordered.set(value, tail);
    else if (compareEntries(bucket[bucket.length - 1], tail[0]) < 0) for (const entry of tail) bucket.push(entry);
    else this.ordered.set(value, merge(bucket, tail));
  }
}

export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** Whether `entry` sorts before [key, id]. */
function isBelow(entry: IndexEntry, key: string, id: string): boolean {
  return entry[0] < key || (entry[0] === key && entry[1] < id);
}

/** The first position whose entry is not below [key, id]. */
function lowerBound(bucket: readonly IndexEntry[], key: string, id: string): number {
  let low = 0;
  let high = bucket.length;
  // Fast path: the newest entry goes at the end (feeds mostly grow at their newest end).
  if (high > 0 && isBelow(bucket[high - 1], key, id)) return high;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isBelow(bucket[mid], key, id)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first position whose key is not below `key` (every entry before it has a smaller key). */
export function lowerBoundKey(bucket: readonly IndexEntry[], key: string): number {
  let low = 0;
  let high = bucket.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bucket[mid][0] < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Drops entries equal to the one before them from a sorted array (an id indexed twice is listed once). */
function removeRepeats(sorted: IndexEntry[]): void {
  let kept = 1;
  for (let at = 1; at < sorted.length; at++) if (compareEntries(sorted[kept - 1], sorted[at]) !== 0) sorted[kept++] = sorted[at];
  sorted.length = Math.min(kept, sorted.length);
}

/** Merges two sorted arrays; an entry in both is kept once. */
function merge(a: readonly IndexEntry[], b: readonly IndexEntry[]): IndexEntry[] {
  const merged: IndexEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const order = compareEntries(a[i], b[j]);
    if (order === 0) j++;
    merged.push(order <= 0 ? a[i++] : b[j++]);
  }
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}
