/**
 * The document store read models live in (MongoDB in production, memory when embedded).
 * Deliberately small: documents by id, listing for rebuild verification, and one general kind of
 * secondary index (equality on one string field, ordered by another) for feeds, inboxes and the
 * like. Query-specific ports (leaderboards) grow beside it rather than inside it.
 */
export interface ReadStore {
  collection<T extends object>(name: string): ReadCollection<T>;
  /**
   * Replaces `to` by `from` (renames `from`), as atomically as the store allows. The indexes go
   * with the collection: `to` ends up with `from`'s indexes (and only those), `from` with none.
   */
  renameCollection(from: string, to: string): Promise<void>;
  /** Drops the collection's documents and its indexes. */
  dropCollection(name: string): Promise<void>;
  listCollections(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Equality on one or more top-level string fields (all must match). Fields used by indexes and
 * queries must hold strings: a document whose field is absent or not a string is not in that
 * index and never matches a `where` on that field. Names must be plain (no `.`, no leading `$`,
 * not `_id`).
 */
export type Where = Readonly<Record<string, string>>;

/** Equality on `field`, ordered by `orderBy` (two different top-level string fields). */
export interface IndexDefinition {
  field: string;
  orderBy: string;
}

export interface ListQuery {
  /** Needs at least one field that an index declared with this `orderBy` is on. */
  where: Where;
  orderBy: string;
  /** A cursor: only documents whose `orderBy` is strictly below this (the last key of the previous page). */
  before?: string;
  /** At most this many documents (a non-negative integer; 0 lists nothing). */
  limit: number;
}

export interface ReadCollection<T extends object> {
  get(id: string): Promise<T | undefined>;
  put(id: string, document: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every document, ordered by id. */
  entries(): AsyncIterable<[string, T]>;
  count(): Promise<number>;

  /**
   * Declares a secondary index: equality on `field`, ordered by the string field `orderBy`
   * (`field` and `orderBy` differ). Idempotent; call at start-up, and on a rebuild's collection
   * before replaying into it (indexes belong to a collection, see {@link ReadStore.renameCollection}).
   */
  ensureIndex(index: IndexDefinition): Promise<void>;
  /**
   * Documents whose `where` fields all equal the given strings, newest first: descending by
   * `orderBy` (plain string comparison; keep keys ASCII so both adapters order alike), ties by
   * descending id; strictly below `before` when given; at most `limit`. Documents whose `orderBy`
   * is not a string are never listed. Make `orderBy` values unique within a `field` value (e.g.
   * `<timestamp>#<id>`) so that a `before` cursor never falls between ties.
   *
   * Needs an index whose `field` is one of the `where` fields and whose `orderBy` matches: the
   * memory store rejects the query without one; MongoDB would answer it by a scan.
   */
  list(query: ListQuery): Promise<Array<[string, T]>>;
  /**
   * Deletes every document whose `where` fields all equal the given strings; returns how many.
   * `where` needs at least one field (dropCollection empties a collection). Uses an index on one
   * of the fields when there is one, else scans the collection.
   */
  deleteWhere(where: Where): Promise<number>;
  /**
   * put() for many documents in one go (one unordered bulk write in MongoDB). An id given twice
   * ends up with its last document. Not atomic in MongoDB: a failure can leave some written.
   */
  putMany(documents: ReadonlyArray<readonly [string, T]>): Promise<void>;
}
