/**
 * One secondary index of the memory read store: for each distinct string value of `field`, the
 * ids of the documents holding it, as [orderKey, id] pairs kept sorted ascending by orderKey then
 * id (so the newest is at the end, and listing newest first walks the array backwards).
 *
 * Documents whose `field` is a string but whose `orderBy` is not are kept in a side set, so that
 * deleting by `field` still finds them although listing never shows them. Documents whose
 * `field` is not a string are not in the index at all.
 *
 * Costs, with b the size of the touched bucket: insert and remove O(log b) to find the place
 * plus the array splice (a native memmove of up to b slots; appending the newest is O(1)
 * amortised); batch insert of k into one bucket O(k log k + b); batch remove of k from one
 * bucket O(b).
 */

/** [orderKey, id] */
export type IndexEntry = [key: string, id: string];

type Fields = Readonly<Record<string, unknown>>;

export class SortedIndex {
  private readonly ordered = new Map<string, IndexEntry[]>();
  private readonly unordered = new Map<string, Set<string>>();

  constructor(
    readonly field: string,
    readonly orderBy: string,
  ) {}

  /** The ordered bucket of one field value (do not modify it). */
  bucket(value: string): readonly IndexEntry[] | undefined {
    return this.ordered.get(value);
  }

  /** How many documents hold this value of `field` (listed or not). */
  size(value: string): number {
    return (this.ordered.get(value)?.length ?? 0) + (this.unordered.get(value)?.size ?? 0);
  }

  /** The ids of every document holding this value of `field`. */
  *ids(value: string): Generator<string> {
    const bucket = this.ordered.get(value);
    if (bucket) for (const [, id] of bucket) yield id;
    const rest = this.unordered.get(value);
    if (rest) yield* rest;
  }

  /** Whether replacing `before` by `after` leaves this index unchanged. */
  unchanged(before: Fields | undefined, after: Fields): boolean {
    return before !== undefined && before[this.field] === after[this.field] && before[this.orderBy] === after[this.orderBy];
  }

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
    this.insertOrdered(value, key, id);
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
    const bucket = this.ordered.get(value);
    if (!bucket) return;
    const at = lowerBound(bucket, key, id);
    if (at < bucket.length && bucket[at][0] === key && bucket[at][1] === id) {
      if (bucket.length === 1) this.ordered.delete(value);
      else if (at === bucket.length - 1) bucket.pop();
      else bucket.splice(at, 1);
    }
  }

  /**
   * Inserts many documents (none of them already in the index: remove the old version of a
   * replaced document first), sorting and merging once per bucket rather than once per document. */
  insertAll(documents: Iterable<readonly [string, Fields]>): void {
    const byValue = new Map<string, IndexEntry[]>();
    for (const [id, document] of documents) {
      const value = document[this.field];
      const key = document[this.orderBy];
      if (typeof value !== 'string') continue;
      if (typeof key !== 'string') {
        this.insert(id, document);
        continue;
      }
      const group = byValue.get(value);
      if (group) group.push([key, id]);
      else byValue.set(value, [[key, id]]);
    }
    for (const [value, group] of byValue) {
      const bucket = this.ordered.get(value);
      if (group.length === 1) {
        this.insertOrdered(value, group[0][0], group[0][1]);
        continue;
      }
      group.sort(compareEntries);
      if (!bucket) this.ordered.set(value, group);
      else if (compareEntries(bucket[bucket.length - 1], group[0]) < 0) for (const entry of group) bucket.push(entry);
      else this.ordered.set(value, merge(bucket, group));
    }
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
      const bucket = this.ordered.get(value);
      if (!bucket || ids.size === 0) continue;
      const kept = bucket.filter(([, id]) => !ids.has(id));
      if (kept.length === 0) this.ordered.delete(value);
      else this.ordered.set(value, kept);
    }
  }

  private insertOrdered(value: string, key: string, id: string): void {
    const bucket = this.ordered.get(value);
    if (!bucket) {
      this.ordered.set(value, [[key, id]]);
      return;
    }
    const at = lowerBound(bucket, key, id);
    if (at === bucket.length) bucket.push([key, id]);
    else if (bucket[at][0] !== key || bucket[at][1] !== id) bucket.splice(at, 0, [key, id]);
  }
}

export function compareEntries(a: IndexEntry, b: IndexEntry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

/** The first position whose entry is not below [key, id]. */
function lowerBound(bucket: readonly IndexEntry[], key: string, id: string): number {
  let low = 0;
  let high = bucket.length;
  // Fast path: the newest entry goes at the end (feeds mostly grow at their newest end).
  if (high > 0) {
    const [lastKey, lastId] = bucket[high - 1];
    if (lastKey < key || (lastKey === key && lastId < id)) return high;
  }
  while (low < high) {
    const mid = (low + high) >>> 1;
    const [midKey, midId] = bucket[mid];
    if (midKey < key || (midKey === key && midId < id)) low = mid + 1;
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

function merge(a: readonly IndexEntry[], b: readonly IndexEntry[]): IndexEntry[] {
  const merged: IndexEntry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(compareEntries(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}
