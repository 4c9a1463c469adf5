import { MongoClient, MongoServerError } from 'mongodb';
import type { AnyBulkWriteOperation, Collection, Db, Filter, FindOptions, IndexDescription, MongoClientOptions } from 'mongodb';
import type { IndexDefinition, ListQuery, ReadCollection, ReadStore, Where } from '../../../core/read-store';
import { CheckedListQuery, checkIndex, checkListQuery, checkWhere } from '../read-query';

/** How documents sit in MongoDB: the port's id as `_id`, the document's own fields beside it. */
interface StoredDocument {
  _id: string;
  [field: string]: unknown;
}

/** An index a read model declares at start-up (see {@link MongoReadStore.ensureIndexes}). */
export interface ReadIndex {
  key: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
}

export interface MongoReadStoreOptions {
  /** Overrides the database named in the URL's path (default `stride` when the path is empty). */
  dbName?: string;
}

const DEFAULT_DB_NAME = 'stride';
/** Ids per `find` of a getMany: 10,000 ids of ~80 bytes are under 1 MB of filter. */
const GET_MANY_SLICE = 10_000;
/** MongoDB's NamespaceNotFound: renaming (or dropping) a collection that does not exist. */
const NAMESPACE_NOT_FOUND = 26;

/** Client defaults; a value given in the connection string's query wins over these. */
const CLIENT_DEFAULTS = {
  serverSelectionTimeoutMS: 5_000,
  appName: 'stride-read-store',
} as const;

/**
 * The production read store: one MongoDB database, one collection per read model (and per
 * read-model version, so a rebuilt v2 can be swapped over v1 with {@link renameCollection}).
 * Each document is stored as `{ _id: id, ...document }` and handed back without `_id`.
 */
export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {}

  /**
   * Connects (failing after the server-selection timeout if no server answers). The database is
   * `options.dbName`, else the URL's path (`mongodb://host/feeds` → `feeds`), else `stride`.
   */
  static async connect(url: string, options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    const { dbName, params } = parseConnectionString(url);
    const clientOptions: MongoClientOptions = {
      // Plain JSON semantics: a field set to `undefined` is absent, not stored as `null`.
      ignoreUndefined: true,
    };
    if (!params.has('serverselectiontimeoutms')) {
      clientOptions.serverSelectionTimeoutMS = CLIENT_DEFAULTS.serverSelectionTimeoutMS;
    }
    if (!params.has('appname')) clientOptions.appName = CLIENT_DEFAULTS.appName;
    // dbName is deliberately not passed to the client: there it would also become the auth source.
    const client = await MongoClient.connect(url, clientOptions);
    return new MongoReadStore(client, client.db(options.dbName ?? dbName ?? DEFAULT_DB_NAME));
  }

  collection<T extends object>(name: string): ReadCollection<T> {
    const documents = this.stored(name);
    return {
      get: async (id) => {
        const found = await documents.findOne<T>({ _id: id }, { projection: { _id: 0 } });
        return found ?? undefined;
      },
      getMany: async (ids) => {
        const found = new Map<string, T>();
        const distinct = [...new Set(ids)];
        // In slices, so that one query's filter stays far below the server's 16 MB command limit.
        for (let at = 0; at < distinct.length; at += GET_MANY_SLICE) {
          const cursor = documents.find({ _id: { $in: distinct.slice(at, at + GET_MANY_SLICE) } });
          for await (const { _id, ...document } of cursor) found.set(_id, document as T);
        }
        return ids.map((id) => found.get(id));
      },
      put: async (id, document) => {
        // The upsert takes `_id` from the filter; the replacement holds only the document's fields.
        await documents.replaceOne({ _id: id }, replacement(name, id, document), { upsert: true });
      },
      delete: async (id) => {
        await documents.deleteOne({ _id: id });
      },
      entries: async function* () {
        // Streamed batch by batch; leaving the loop early closes the server cursor.
        for await (const { _id, ...document } of documents.find({}, { sort: { _id: 1 } })) {
          yield [_id, document as T];
        }
      },
      // Exact count (estimatedDocumentCount reads metadata that can drift after an unclean shutdown).
      count: async () => documents.countDocuments({}),
      ensureIndex: async (definition: IndexDefinition) => {
        const { field, orderBy } = checkIndex(definition);
        // `_id` last, so the index also gives the tie-break `list` sorts by: equality on `field`,
        // then a walk in index order, no in-memory sort. Pairs keep the key order whatever the
        // names. createIndexes is a no-op when an index with this key and name already exists.
        await documents.createIndex([
          [field, 1],
          [orderBy, -1],
          ['_id', -1],
        ]);
      },
      // `readOnly` changes nothing here: every document the driver hands out is a fresh one.
      list: async (query: ListQuery) => {
        const checked = checkListQuery(query);
        if (checked.limit === 0) return []; // to MongoDB, limit 0 means no limit
        const page: Array<[string, T]> = [];
        for await (const { _id, ...document } of documents.find(listFilter(checked), listOptions(checked))) page.push([_id, document as T]);
        return page;
      },
      listKeys: async (query: ListQuery) => {
        const checked = checkListQuery(query);
        if (checked.limit === 0) return [];
        const { orderBy } = checked;
        // The same query as `list`, but only the order key comes back from the server.
        const cursor = documents.find(listFilter(checked), { ...listOptions(checked), projection: { _id: 0, [orderBy]: 1 } });
        const keys: string[] = [];
        for await (const document of cursor) keys.push(document[orderBy] as string);
        return keys;
      },
      deleteWhere: async (where: Where) => {
        const { deletedCount } = await documents.deleteMany(equalities(checkWhere(where)));
        return deletedCount;
      },
      // `handOver` changes nothing here: the driver serialises the documents, it keeps none.
      putMany: async (entries) => {
        // Unordered, so the server may apply the writes in any order: keep one write per id (the last).
        const latest = new Map<string, T>();
        for (const [id, document] of entries) latest.set(id, document);
        if (latest.size === 0) return; // the driver rejects an empty bulk write
        const operations: Array<AnyBulkWriteOperation<StoredDocument>> = [];
        for (const [id, document] of latest) {
          operations.push({ replaceOne: { filter: { _id: id }, replacement: replacement(name, id, document), upsert: true } });
        }
        // The driver splits it into batches within the server's size limits.
        await documents.bulkWrite(operations, { ordered: false });
      },
    };
  }

  async renameCollection(from: string, to: string): Promise<void> {
    if (from === to) return; // MongoDB refuses to rename a collection onto itself; nothing to replace.
    try {
      await this.stored(from).rename(to, { dropTarget: true });
    } catch (error) {
      if (!isNamespaceNotFound(error)) throw error;
      // `from` does not exist: it stands for an empty collection, so `to` ends up empty.
      await this.dropCollection(to);
    }
  }

  async dropCollection(name: string): Promise<void> {
    try {
      await this.db.dropCollection(name); // resolves false (driver ≥ 6) when the collection is missing
    } catch (error) {
      if (!isNamespaceNotFound(error)) throw error;
    }
  }

  async listCollections(): Promise<string[]> {
    const collections = await this.db
      .listCollections({}, { nameOnly: true, authorizedCollections: true })
      .toArray();
    return collections
      .map((collection) => collection.name)
      .filter((name) => !name.startsWith('system.'))
      .sort();
  }

  /**
   * Creates the indexes a read model declares (idempotent: an index that already exists with the
   * same key and options is left alone). Throws if an existing index of that name or key has
   * different options: that needs a new read-model version, not an in-place change.
   */
  async ensureIndexes(collection: string, indexes: ReadIndex[]): Promise<void> {
    if (indexes.length === 0) return;
    const descriptions = indexes.map(({ key, unique, name }): IndexDescription => {
      const description: IndexDescription = { key };
      if (unique !== undefined) description.unique = unique;
      if (name !== undefined) description.name = name;
      return description;
    });
    await this.stored(collection).createIndexes(descriptions);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private stored(name: string): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(name);
  }
}

/** A document as MongoDB stores it, minus the `_id` the write's filter supplies. */
function replacement(collection: string, id: string, document: object): Omit<StoredDocument, '_id'> {
  if (Object.hasOwn(document, '_id')) {
    throw new Error(`Read store documents cannot have an "_id" field (collection ${collection}, id ${id})`);
  }
  return document as Omit<StoredDocument, '_id'>;
}

/** What `list` selects: the `where` equalities, and only string order keys (as in the memory store), below `before`. */
function listFilter({ where, orderBy, before }: CheckedListQuery): Filter<StoredDocument> {
  const filter = equalities(where.filter(([field]) => field !== orderBy));
  // `$lt` on a string compares strings only.
  const equal = where.find(([field]) => field === orderBy);
  filter[orderBy] = {
    $type: 'string',
    ...(equal === undefined ? {} : { $eq: equal[1] }),
    ...(before === undefined ? {} : { $lt: before }),
  };
  return filter;
}

/** Newest first, ties by descending id (the order the index declared by ensureIndex walks), at most `limit`. */
function listOptions({ orderBy, limit }: CheckedListQuery): FindOptions {
  return {
    sort: [
      [orderBy, -1],
      ['_id', -1],
    ],
    limit,
  };
}

/** A filter of plain equalities on checked (top-level, non-`_id`) field names and string values. */
function equalities(where: ReadonlyArray<readonly [string, string]>): Filter<StoredDocument> {
  const filter: Filter<StoredDocument> = {};
  for (const [field, value] of where) filter[field] = value;
  return filter;
}

function isNamespaceNotFound(error: unknown): boolean {
  return error instanceof MongoServerError && Number(error.code) === NAMESPACE_NOT_FOUND;
}

/**
 * The database named in a `mongodb://` / `mongodb+srv://` URL's path, and its query options
 * (keys lower-cased: MongoDB URI options are case-insensitive). The driver validates the URL
 * itself on connect; anything this cannot read just yields no database name and no options.
 */
function parseConnectionString(url: string): { dbName: string | undefined; params: Map<string, string> } {
  const params = new Map<string, string>();
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*(?:\/([^?]*))?(?:\?(.*))?$/i.exec(url.trim());
  if (!match) return { dbName: undefined, params };
  const [, path, query] = match;
  for (const [key, value] of new URLSearchParams(query ?? '')) params.set(key.toLowerCase(), value);
  let dbName: string | undefined;
  try {
    dbName = path ? decodeURIComponent(path) : undefined;
  } catch {
    dbName = undefined; // malformed escape: the driver rejects the URL with a better message
  }
  return { dbName: dbName || undefined, params };
}
