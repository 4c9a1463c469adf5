import type { CheckedListQuery } from '../read-query';
import { lowerBoundKey, SortedIndex } from './sorted-index';

export type Fields = Readonly<Record<string, unknown>>;

/** One collection: its documents by id and the indexes declared on it (they move and drop together). */
export interface StoredCollection {
  readonly documents: Map<string, Fields>;
  readonly indexes: SortedIndex[];
}

/**
 * Stores one document, keeping every index in step: a document whose indexed field or order key
 * changed leaves its old place and takes its new one. Two map operations, and per index one
 * bucket lookup and an append (a binary search and a splice for a removed old version).
 */
export function write({ documents, indexes }: StoredCollection, id: string, document: Fields): void {
  const previous = documents.get(id);
  for (const index of indexes) {
    if (index.unchanged(previous, document)) continue;
    if (previous !== undefined) index.remove(id, previous);
    index.insert(id, document);
  }
  documents.set(id, document);
}

export function remove({ documents, indexes }: StoredCollection, id: string): void {
  const document = documents.get(id);
  if (document === undefined) return;
  for (const index of indexes) index.remove(id, document);
  documents.delete(id);
}

/**
 * Walks what `list` lists, newest first, calling `visit` with each listed document's id, order
 * key and stored document (`undefined` when the query needs no document: `where` has only the
 * index's field, and `needDocuments` is false), at most `limit` times. Uses, of the indexes that
 * can answer, the one with the fewest documents for its value; throws when none can.
 */
export function walkListing(
  { documents, indexes }: StoredCollection,
  collection: string,
  { where, orderBy, before, limit }: CheckedListQuery,
  needDocuments: boolean,
  visit: (id: string, key: string, document: Fields | undefined) => void,
): void {
  let best: { index: SortedIndex; value: string } | undefined;
  for (const index of indexes) {
    if (index.orderBy !== orderBy) continue;
    const pair = where.find(([field]) => field === index.field);
    if (pair && (!best || index.size(pair[1]) < best.index.size(best.value))) best = { index, value: pair[1] };
  }
  if (!best) {
    const fields = where.map(([field]) => field).join(', ');
    throw new Error(`No index on collection ${collection} can list by ${fields} ordered by ${orderBy}: declare one with ensureIndex`);
  }
  const { index, value } = best;
  const bucket = index.bucket(value);
  if (!bucket || limit === 0) return;
  const others = where.filter(([field]) => field !== index.field);
  const lookUp = needDocuments || others.length > 0;
  let listed = 0;
  for (let at = (before === undefined ? bucket.length : lowerBoundKey(bucket, before)) - 1; at >= 0 && listed < limit; at--) {
    const [key, id] = bucket[at];
    if (!lookUp) {
      visit(id, key, undefined);
      listed++;
      continue;
    }
    const document = documents.get(id);
    if (document !== undefined && matches(document, others)) {
      visit(id, key, document);
      listed++;
    }
  }
}

export function matches(document: Fields, where: ReadonlyArray<readonly [string, string]>): boolean {
  for (const [field, value] of where) if (document[field] !== value) return false;
  return true;
}
