/**
 * The document store read models live in (MongoDB in production, memory when embedded).
 * Deliberately small: documents by id, plus listing for rebuild verification. Query-specific
 * ports (feeds, leaderboards) grow beside it rather than inside it.
 */
export interface ReadStore {
  collection<T extends object>(name: string): ReadCollection<T>;
  /** Replaces `to` by `from` (renames `from`), as atomically as the store allows. */
  renameCollection(from: string, to: string): Promise<void>;
  dropCollection(name: string): Promise<void>;
  listCollections(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadCollection<T extends object> {
  get(id: string): Promise<T | undefined>;
  put(id: string, document: T): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every document, ordered by id. */
  entries(): AsyncIterable<[string, T]>;
  count(): Promise<number>;
}
