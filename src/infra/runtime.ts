import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../config/settings';
import type { EventStore } from '../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../core/event-schemas';
import type { ReadStore } from '../core/read-store';
import { UPCASTERS } from '../write/upcasters';
import type { TelemetryDecidedOnWriter } from '../write/workouts/telemetry-on-wire';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import type { CommitDurationSnapshot } from './event-store/sqlite/commit-durations';
import { EsdbEventStore } from './event-store/esdb/esdb-event-store';
import { MemoryReadStore } from './read-store/memory/memory-read-store';
import { MongoReadStore } from './read-store/mongo/mongo-read-store';
import type { LeaseManager } from '../core/lease/types';
import type { Leaderboards } from '../core/leaderboard';
import type { JobQueue } from '../core/job-queue/types';
import type { Commerce } from '../core/commerce/types';
import { commerceConfigFrom, describeCommerce, openCommerce } from './commerce';
import { MemoryLeaderboards } from './leaderboard/memory/memory-leaderboards';
import { RedisLeaderboards } from './leaderboard/redis/redis-leaderboards';
import { describeJobQueue, openJobQueue } from './job-queue/open-job-queue';
import { RedisLeaseManager } from './lease/redis/redis-lease-manager';

/** The adapters chosen by the settings: a store URL switches its port to the production adapter. */
export interface Runtime {
  settings: Settings;
  schemas: EventSchemaRegistry;
  /** Schema-checked on append, upcast on read. */
  eventStore: EventStore;
  readStore: ReadStore;
  /** Set when several instances may share the stores (REDIS_URL): one runner per projection at a time. */
  leases?: LeaseManager;
  leaderboards: Leaderboards;
  /** Sagas' side effects: BullMQ with REDIS_URL, else an outbox table in the events' SQLite file. */
  jobQueue: JobQueue;
  /** The store API for promos (COMMERCE_URL), else the embedded catalogue. */
  commerce: Commerce;
  /** The embedded event store decides telemetry batches on its writer thread; unset with EventStoreDB. */
  telemetryOnWriter?: TelemetryDecidedOnWriter;
  /** The embedded event store's commit durations, for /metrics; unset with EventStoreDB. */
  storeCommitDurations?: () => CommitDurationSnapshot;
  describe(): Record<string, string>;
  close(): Promise<void>;
}

export async function openRuntime(settings: Settings): Promise<Runtime> {
  mkdirSync(settings.dataDir, { recursive: true });
  const schemas = EventSchemaRegistry.load(undefined, UPCASTERS);
  let sqliteStore: SqliteEventStore | undefined;
  const rawStore: EventStore = settings.esdbUrl
    ? EsdbEventStore.connect(settings.esdbUrl)
    : (sqliteStore = new SqliteEventStore(join(settings.dataDir, 'events.sqlite'), {
        synchronous: settings.sqliteSynchronous,
        checkpoints: { restartWalAtFrames: settings.sqliteWalRestartPages, nice: settings.sqliteCheckpointNice },
      }));
  // The first request would otherwise wait for the writer thread to start.
  await sqliteStore?.ready();
  const readStore: ReadStore = settings.mongoUrl ? await MongoReadStore.connect(settings.mongoUrl) : new MemoryReadStore();
  const leases = settings.redisUrl ? RedisLeaseManager.create(settings.redisUrl) : undefined;
  const leaderboards: Leaderboards = settings.redisUrl ? RedisLeaderboards.create(settings.redisUrl) : new MemoryLeaderboards();
  const commerceConfig = commerceConfigFrom(settings);
  const commerce: Commerce = openCommerce(commerceConfig);
  const jobQueue: JobQueue = openJobQueue(settings);
  return {
    settings,
    schemas,
    eventStore: new SchemaCheckedEventStore(rawStore, schemas),
    readStore,
    leases,
    leaderboards,
    jobQueue,
    commerce,
    telemetryOnWriter: sqliteStore,
    storeCommitDurations: sqliteStore?.commitDurations.bind(sqliteStore),
    describe: () => ({
      eventStore: settings.esdbUrl ? 'EventStoreDB' : `SQLite (${join(settings.dataDir, 'events.sqlite')}, synchronous=${settings.sqliteSynchronous})`,
      readModels: settings.mongoUrl ? 'MongoDB' : 'memory (rebuilt by replay at start)',
      projectionLeases: settings.redisUrl ? 'Redis' : 'none (one process)',
      leaderboards: settings.redisUrl ? 'Redis' : 'memory (rebuilt by replay at start)',
      jobQueue: describeJobQueue(settings),
      // Never the URL itself: it may carry the store's credentials.
      commerce: describeCommerce(commerceConfig),
    }),
    async close() {
      await jobQueue.close();
      await commerce.close();
      await leaderboards.close();
      await leases?.close();
      await readStore.close();
      await rawStore.close();
    },
  };
}
