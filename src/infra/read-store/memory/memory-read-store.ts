import type { IndexDefinition, ListQuery, ReadCollection, ReadStore, Where } from '../../../core/read-store';
import { checkIndex, checkListQuery, checkWhere } from '../read-query';
import { lowerBoundKey, SortedIndex } from './sorted-index';

type Fields = Readonly<Record<string, unknown>>;

/** One collection: its documents by id and the indexes declared on it (they move and drop together). */
interface StoredCollection {
  readonly documents: Map<string, Fields>;
  readonly indexes: SortedIndex[];
}

/**
 * The embedded read store: plain maps in this process. Documents are copied in and out, so a
 * caller mutating what it got cannot change the store behind the projection's back (and the
 * store never mutates a stored document: it replaces it).
 *
 * Costs (n documents in the collection, i indexes on it, b the size of a touched index bucket,
 * "copy" a structuredClone of one document, the main cost of a write):
 *  - get: O(1) + copy;  count: O(1);  entries: O(n log n) (sorts the ids);
 *  - put, delete: copy (put) + O(i · log b), plus a splice in each bucket (a memmove of up to b
 *    slots; none when the document is its bucket's newest, the usual case for feeds);
 *  - putMany of k: k copies first, then k puts' index work;
 *  - list: O(log b + scanned), scanned = the page, plus the entries an extra where field skips;
 *    + a copy per returned document;
 *  - deleteWhere of m documents: through the smallest bucket of an index on a where field,
 *    O(b) to find them + O(m · i · log b) to unindex them (one filter pass per bucket losing
 *    several); without such an index, a scan: O(n);
 *  - ensureIndex: O(n log n), once.
 */
export class MemoryReadStore implements ReadStore {
  private readonly collections = new Map<string, StoredCollection>();

  collection<T extends object>(name: string): ReadCollection<T> {
    const data = (): StoredCollection => {
      let stored = this.collections.get(name);
      if (!stored) this.collections.set(name, (stored = { documents: new Map(), indexes: [] }));
      return stored;
    };
    return {
      get: async (id) => {
        const document = data().documents.get(id);
        return document === undefined ? undefined : (structuredClone(document) as T);
      },
      put: async (id, document) => {
        write(data(), [[id, document]], [structuredClone(document) as Fields]);
      },
      delete: async (id) => {
        const { documents, indexes } = data();
        const document = documents.get(id);
        if (document === undefined) return;
        for (const index of indexes) index.remove(id, document);
        documents.delete(id);
      },
      entries: async function* () {
        const ids = [...data().documents.keys()].sort();
        for (const id of ids) {
          const document = data().documents.get(id);
          if (document !== undefined) yield [id, structuredClone(document) as T];
        }
      },
      count: async () => data().documents.size,
      ensureIndex: async (definition: IndexDefinition) => {
        const { field, orderBy } = checkIndex(definition);
        const { documents, indexes } = data();
        if (indexes.some((index) => index.field === field && index.orderBy === orderBy)) return;
        const index = new SortedIndex(field, orderBy);
        index.insertAll(documents);
        indexes.push(index);
      },
      list: async (query: ListQuery) => {
        const { where, orderBy, before, limit } = checkListQuery(query);
        const { documents, indexes } = data();
        // Of the indexes that can answer, the one with the fewest documents for its value.
        let best: { index: SortedIndex; value: string } | undefined;
        for (const index of indexes) {
          if (index.orderBy !== orderBy) continue;
          const pair = where.find(([field]) => field === index.field);
          if (pair && (!best || index.size(pair[1]) < best.index.size(best.value))) best = { index, value: pair[1] };
        }
        if (!best) {
          const fields = where.map(([field]) => field).join(', ');
          throw new Error(`No index on collection ${name} can list by ${fields} ordered by ${orderBy}: declare one with ensureIndex`);
        }
        const page: Array<[string, T]> = [];
        const { index, value } = best;
        const bucket = index.bucket(value);
        if (!bucket || limit === 0) return page;
        const others = where.filter(([field]) => field !== index.field);
        for (let at = (before === undefined ? bucket.length : lowerBoundKey(bucket, before)) - 1; at >= 0 && page.length < limit; at--) {
          const id = bucket[at][1];
          const document = documents.get(id);
          if (document !== undefined && matches(document, others)) page.push([id, structuredClone(document) as T]);
        }
        return page;
      },
      deleteWhere: async (where: Where) => {
        const pairs = checkWhere(where);
        const { documents, indexes } = data();
        let best: { index: SortedIndex; value: string } | undefined;
        for (const index of indexes) {
          const pair = pairs.find(([field]) => field === index.field);
          if (pair && (!best || index.size(pair[1]) < best.index.size(best.value))) best = { index, value: pair[1] };
        }
        const doomed: Array<[string, Fields]> = [];
        if (best) {
          for (const id of best.index.ids(best.value)) {
            const document = documents.get(id);
            if (document !== undefined && matches(document, pairs)) doomed.push([id, document]);
          }
        } else {
          for (const [id, document] of documents) if (matches(document, pairs)) doomed.push([id, document]);
        }
        if (doomed.length === 0) return 0;
        for (const index of indexes) index.removeAll(doomed);
        for (const [id] of doomed) documents.delete(id);
        return doomed.length;
      },
      putMany: async (entries) => {
        if (entries.length === 0) return;
        // Every document is copied before any is stored: one that cannot be cloned fails the call
        // with nothing written. (One structuredClone per document: faster than one for the array.)
        const copies = entries.map(([, document]) => structuredClone(document) as Fields);
        write(data(), entries, copies);
      },
    };
  }

  async renameCollection(from: string, to: string): Promise<void> {
    if (from === to) return;
    // The collection's indexes travel with its documents; `to`'s own indexes are dropped with it.
    const stored = this.collections.get(from) ?? { documents: new Map(), indexes: [] };
    this.collections.set(to, stored);
    this.collections.delete(from);
  }

  async dropCollection(name: string): Promise<void> {
    this.collections.delete(name);
  }

  async listCollections(): Promise<string[]> {
    return [...this.collections.keys()].sort();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.collections.clear();
  }
}

/**
 * Stores the copies of the documents (`copies[i]` is the copy of `entries[i]`'s) one after the
 * other, so a later one of the same id wins, keeping every index in step: a document whose
 * indexed field or order key changed leaves its old place and takes its new one. Per document:
 * two map operations, and per index one bucket lookup, a binary search (skipped when the document
 * is its bucket's newest) and the splice.
 */
function write({ documents, indexes }: StoredCollection, entries: ReadonlyArray<readonly [string, unknown]>, copies: readonly Fields[]): void {
  for (let at = 0; at < entries.length; at++) {
    const id = entries[at][0];
    const document = copies[at];
    const previous = documents.get(id);
    for (const index of indexes) {
      if (index.unchanged(previous, document)) continue;
      if (previous !== undefined) index.remove(id, previous);
      index.insert(id, document);
    }
    documents.set(id, document);
  }
}

function matches(document: Fields, where: ReadonlyArray<readonly [string, string]>): boolean {
  for (const [field, value] of where) if (document[field] !== value) return false;
  return true;
}
