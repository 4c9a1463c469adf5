import type { IndexDefinition, ListQuery, ReadCollection, ReadStore, Where } from '../../../core/read-store';
import { checkIndex, checkListQuery, checkWhere } from '../read-query';
import { copyDocument, frozenDocument } from './copy-document';
import { SortedIndex } from './sorted-index';
import { Fields, matches, remove, StoredCollection, walkListing, write } from './stored-collection';

/**
 * The embedded read store: plain maps in this process. Documents are copied in and out, so a
 * caller mutating what it got cannot change the store behind the projection's back (and the
 * store never mutates a stored document: it replaces it). Two opt-outs, for callers that promise
 * not to touch: `putMany` with `handOver` keeps the documents as given, and `list` / `getMany`
 * with `readOnly` hand out the stored documents, frozen.
 *
 * Costs (n documents in the collection, i indexes on it, b the size of a touched index bucket,
 * "copy" a deep copy of one document by copyDocument, under a µs for a feed item):
 *  - get: O(1) + copy;  getMany of k: k gets;  count: O(1);  entries: O(n log n) (sorts the ids);
 *  - put: copy + per index O(1) to append (an entry out of order waits in its bucket's pending
 *    tail, merged in when the bucket is next read: see SortedIndex); replacing a document whose
 *    indexed fields changed also removes its old entry, O(log b) + a splice;
 *  - putMany of k: k copies (none with handOver), then k puts' index work;
 *  - delete: O(i · log b) + a splice;
 *  - list: O(log b + scanned), scanned = the page, plus the entries an extra where field skips;
 *    + a copy per returned document (none with readOnly); listKeys: the same without documents;
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
        return document === undefined ? undefined : (copyDocument(document) as T);
      },
      getMany: async (ids, options) => {
        const { documents } = data();
        const handOut = options?.readOnly ? frozenDocument : copyDocument;
        return ids.map((id) => {
          const document = documents.get(id);
          return document === undefined ? undefined : (handOut(document) as T);
        });
      },
      put: async (id, document) => {
        write(data(), id, copyDocument(document) as Fields);
      },
      delete: async (id) => {
        remove(data(), id);
      },
      entries: async function* () {
        const ids = [...data().documents.keys()].sort();
        for (const id of ids) {
          const document = data().documents.get(id);
          if (document !== undefined) yield [id, copyDocument(document) as T];
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
      list: async (query: ListQuery, options) => {
        const handOut = options?.readOnly ? frozenDocument : copyDocument;
        const page: Array<[string, T]> = [];
        walkListing(data(), name, checkListQuery(query), true, (id, _key, document) => page.push([id, handOut(document) as T]));
        return page;
      },
      listKeys: async (query: ListQuery) => {
        const keys: string[] = [];
        walkListing(data(), name, checkListQuery(query), false, (_id, key) => keys.push(key));
        return keys;
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
      putMany: async (entries, options) => {
        if (entries.length === 0) return;
        // Every document is copied before any is stored: one that cannot be copied fails the call
        // with nothing written. Handed-over documents are kept as they are.
        const documents = options?.handOver ? entries.map(([, document]) => document as Fields) : entries.map(([, document]) => copyDocument(document) as Fields);
        const stored = data();
        for (let at = 0; at < entries.length; at++) write(stored, entries[at][0], documents[at]);
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
