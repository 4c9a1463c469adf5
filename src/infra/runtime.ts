import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/settings';
import type { EventStore } from '../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../core/event-schemas';
import type { ReadStore } from '../core/read-store';
import { UPCASTERS } from '../write/upcasters';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import { EsdbEventStore } from './event-store/esdb/esdb-event-store';
import { MemoryReadStore } from './read-store/memory/memory-read-store';
import { MongoReadStore } from './read-store/mongo/mongo-read-store';

/** The adapters chosen by the settings: a store URL switches its port to the production adapter. */
export interface Runtime {
  settings: Settings;
  schemas: EventSchemaRegistry;
  /** Schema-checked on append, upcast on read. */
  eventStore: EventStore;
  readStore: ReadStore;
  describe(): Record<string, string>;
  close(): Promise<void>;
}

export async function openRuntime(settings: Settings): Promise<Runtime> {
  mkdirSync(settings.dataDir, { recursive: true });
  const schemas = EventSchemaRegistry.load(undefined, UPCASTERS);
  const rawStore: EventStore = settings.esdbUrl
    ? EsdbEventStore.connect(settings.esdbUrl)
    : new SqliteEventStore(join(settings.dataDir, 'events.sqlite'), { synchronous: settings.sqliteSynchronous });
  const readStore: ReadStore = settings.mongoUrl ? await MongoReadStore.connect(settings.mongoUrl) : new MemoryReadStore();
  return {
    settings,
    schemas,
    eventStore: new SchemaCheckedEventStore(rawStore, schemas),
    readStore,
    describe: () => ({
      eventStore: settings.esdbUrl ? 'EventStoreDB' : `SQLite (${join(settings.dataDir, 'events.sqlite')}, synchronous=${settings.sqliteSynchronous})`,
      readModels: settings.mongoUrl ? 'MongoDB' : 'memory (rebuilt by replay at start)',
    }),
    async close() {
      await readStore.close();
      await rawStore.close();
    },
  };
}
