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

/** Options of the reads that hand out many documents ({@link ReadCollection.list}, {@link ReadCollection.getMany}). */
export interface ReadOptions {
  /**
   * The caller only reads the documents it gets, and keeps none of them past its own work (no
   * change, no cache): the memory store may then hand out its stored documents, frozen, instead
   * of a copy of each (for a 20-item feed page the copies were a third of the read). MongoDB hands
   * out fresh documents either way.
   */
  readOnly?: boolean;
}

/** Options of {@link ReadCollection.putMany}. */
export interface PutManyOptions {
  /**
   * The caller hands the documents over: it built them for this call and will never read or
   * change them (or anything they hold) again. The memory store then keeps them as they are
   * instead of copying each one, which is most of the cost of a large fan-out; MongoDB sends them
   * either way. Documents of one call may share nested values (e.g. one array in every document):
   * the store never changes a stored document, and hands out copies.
   */
  handOver?: boolean;
}

export interface ReadCollection<T extends object> {
  get(id: string): Promise<T | undefined>;
  /**
   * get() for many ids in one go (one query in MongoDB): the documents in the order of `ids`,
   * `undefined` where there is none. An id given twice is answered twice.
   */
  getMany(ids: readonly string[], options?: ReadOptions): Promise<Array<T | undefined>>;
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
  list(query: ListQuery, options?: ReadOptions): Promise<Array<[string, T]>>;
  /**
   * The `orderBy` values of the documents `list` would list for the same query, in the same order,
   * without the documents: e.g. the follower ids of a collection of (followee, follower) pairs
   * ordered by follower. The memory store reads them off its index; MongoDB projects the query
   * onto that one field.
   */
  listKeys(query: ListQuery): Promise<string[]>;
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
  putMany(documents: ReadonlyArray<readonly [string, T]>, options?: PutManyOptions): Promise<void>;
}
