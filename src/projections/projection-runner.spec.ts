import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AllSubscription, collect, EventStore, SubscribeToAllOptions } from '../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../core/event-schemas';
import type { ReadCollection } from '../core/read-store';
import { MemoryReadStore } from '../infra/read-store/memory/memory-read-store';
import { SqliteEventStore } from '../infra/event-store/sqlite/sqlite-event-store';
import { projectionModels } from './projection';
import { ProjectionRunner } from './projection-runner';
import { CHECKPOINT_COLLECTION, collectionName } from './projection';
import { countingPagesProjection, countingProjection, profileUpdate, registration } from './testing';
import { USER_PROFILES, userProfilesProjection } from './identity/user-profiles.projection';

const TYPES = ['UserRegistered', 'UserProfileUpdated'];

describe('projection runner', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  let store: EventStore;
  const users = Array.from({ length: 10 }, () => randomUUID());

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'runner-'));
    sqlite = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20, synchronous: 'NORMAL' });
    store = new SchemaCheckedEventStore(sqlite, EventSchemaRegistry.load());
    for (const [i, user] of users.entries()) {
      await store.appendToStream(`user-${user}`, [registration(user, `u${i}@example.com`)]);
      await store.appendToStream(`user-${user}`, Array.from({ length: 49 }, (_, n) => profileUpdate(user, `name ${n}`)));
    }
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function counts(readStore: MemoryReadStore) {
    const models = projectionModels(readStore, countingProjection(TYPES));
    const result: Record<string, number> = {};
    for await (const [id, doc] of models.collection<{ count: number }>('counts').entries()) result[id] = doc.count;
    return result;
  }
  const expected = (perStream: number) => Object.fromEntries(users.map((u) => [`user-${u}`, perStream]).sort());

  it('catches up from the start, then follows live events', async () => {
    const readStore = new MemoryReadStore();
    const runner = new ProjectionRunner(store, readStore, countingProjection(TYPES));
    await runner.start();
    expect(await counts(readStore)).toEqual(expected(50));
    const appended = await store.appendToStream(`user-${users[0]}`, [profileUpdate(users[0], 'live')]);
    await runner.waitFor(appended.position);
    expect((await counts(readStore))[`user-${users[0]}`]).toBe(51);
    await runner.stop();
  });

  it('resumes after being stopped mid-stream without counting anything twice', async () => {
    const readStore = new MemoryReadStore();
    let applied = 0;
    let stopAt: () => void = () => undefined;
    const reachedHalf = new Promise<void>((resolve) => (stopAt = resolve));
    const first = new ProjectionRunner(store, readStore, countingProjection(TYPES, () => ++applied === 237 && stopAt()));
    void first.start();
    await reachedHalf;
    await first.stop();
    expect(applied).toBeLessThan(500);

    const second = new ProjectionRunner(store, readStore, countingProjection(TYPES));
    await second.start();
    expect(await counts(readStore)).toEqual(expected(50));
    await second.stop();
  });

  it('resubscribes from its checkpoint when a handler fails, applying each event once', async () => {
    const readStore = new MemoryReadStore();
    let applied = 0;
    const projection = countingProjection(TYPES, () => {
      if (++applied === 137) throw new Error('simulated crash in the middle of the stream');
    });
    const runner = new ProjectionRunner(store, readStore, projection, { retryDelayMs: 10 });
    await runner.start();
    expect(await counts(readStore)).toEqual(expected(50));
    expect(runner.failures).toBe(1);
    await runner.stop();
  });

  it('survives a dropped subscription, and ignores events delivered again after resubscribing', async () => {
    const readStore = new MemoryReadStore();
    const flaky = new FlakyStore(store, 120);
    const runner = new ProjectionRunner(flaky, readStore, countingProjection(TYPES), { retryDelayMs: 10 });
    await runner.start();
    expect(runner.failures).toBeGreaterThanOrEqual(4);
    expect(await counts(readStore)).toEqual(expected(50));
    await runner.stop();
  });

  describe('with a projection that takes pages', () => {
    it('hands it the history in pages of at most maxPageSize, and checkpoints once per page', async () => {
      const readStore = new MemoryReadStore();
      const writes = checkpointWritesOf(readStore);
      const pages: number[] = [];
      const runner = new ProjectionRunner(store, readStore, countingPagesProjection(TYPES, (events) => void pages.push(events.length)), { maxPageSize: 64 });
      await runner.start();
      expect(await counts(readStore)).toEqual(expected(50));
      expect(pages.reduce((a, b) => a + b, 0)).toBe(500);
      expect(Math.max(...pages)).toBe(64);
      expect(pages.length).toBe(Math.ceil(500 / 64));
      expect(writes).toHaveLength(pages.length);
      expect(writes[writes.length - 1]).toBe(Number(await store.headPosition()));
      await runner.stop();
    });

    it('hands it the events of one live append as one page, and a lone event at once', async () => {
      const readStore = new MemoryReadStore();
      const pages: number[] = [];
      const runner = new ProjectionRunner(store, readStore, countingPagesProjection(TYPES, (events) => void pages.push(events.length)));
      await runner.start();
      pages.length = 0;
      const appended = await store.appendToStream(`user-${users[1]}`, Array.from({ length: 30 }, (_, n) => profileUpdate(users[1], `live ${n}`)));
      await runner.waitFor(appended.position);
      const single = await store.appendToStream(`user-${users[2]}`, [profileUpdate(users[2], 'one more')]);
      await runner.waitFor(single.position);
      expect(pages).toEqual([30, 1]);
      expect(runner.position).toBe(single.position);
      expect((await counts(readStore))[`user-${users[1]}`]).toBe(80);
      await runner.stop();
    });

    it('reports caught up only once the last page of the history is applied', async () => {
      const readStore = new MemoryReadStore();
      const slowly = countingPagesProjection(TYPES, () => new Promise((resolve) => setTimeout(resolve, 20)));
      // 500 events in pages of 64: the last page (52) is short, so the subscription has reported
      // the end of the history before that page is applied.
      const runner = new ProjectionRunner(store, readStore, slowly, { maxPageSize: 64 });
      await runner.start();
      expect(runner.isCaughtUp).toBe(true);
      expect(runner.position).toBe(await store.headPosition());
      expect(await counts(readStore)).toEqual(expected(50));
      await runner.stop();
    });

    it('resubscribes from its checkpoint when a page fails, applying each event once', async () => {
      const readStore = new MemoryReadStore();
      let pages = 0;
      const failing = countingPagesProjection(TYPES, () => {
        if (++pages === 3) throw new Error('simulated crash in the middle of the stream');
      });
      const runner = new ProjectionRunner(store, readStore, failing, { retryDelayMs: 10, maxPageSize: 50 });
      await runner.start();
      expect(await counts(readStore)).toEqual(expected(50));
      expect(runner.failures).toBe(1);
      await runner.stop();
    });

    it('survives a dropped subscription, and ignores events delivered again after resubscribing', async () => {
      const readStore = new MemoryReadStore();
      const runner = new ProjectionRunner(new FlakyStore(store, 120), readStore, countingPagesProjection(TYPES), { retryDelayMs: 10, maxPageSize: 32 });
      await runner.start();
      expect(runner.failures).toBeGreaterThanOrEqual(4);
      expect(await counts(readStore)).toEqual(expected(50));
      await runner.stop();
    });

    it('resumes after being stopped mid-stream without counting anything twice', async () => {
      const readStore = new MemoryReadStore();
      let stopAt: () => void = () => undefined;
      const reachedSome = new Promise<void>((resolve) => (stopAt = resolve));
      let pages = 0;
      const first = new ProjectionRunner(store, readStore, countingPagesProjection(TYPES, () => void (++pages === 3 && stopAt())), { maxPageSize: 40 });
      void first.start();
      await reachedSome;
      await first.stop();
      expect(first.position).toBeLessThan(await store.headPosition());

      const second = new ProjectionRunner(store, readStore, countingPagesProjection(TYPES), { maxPageSize: 40 });
      await second.start();
      expect(await counts(readStore)).toEqual(expected(50));
      await second.stop();
    });
  });

  it('hands a projection without applyBatch one event at a time', async () => {
    const readStore = new MemoryReadStore();
    const writes = checkpointWritesOf(readStore);
    const runner = new ProjectionRunner(store, readStore, countingProjection(TYPES));
    await runner.start();
    expect(writes).toHaveLength(500);
    await runner.stop();
  });

  it('keeps the user profile of the last event even if an event is applied again', async () => {
    const readStore = new MemoryReadStore();
    const runner = new ProjectionRunner(store, readStore, userProfilesProjection);
    await runner.start();
    await runner.stop();
    const profiles = projectionModels(readStore, userProfilesProjection).collection<{ display_name: string }>(USER_PROFILES);
    const before = await profiles.get(users[3]);
    const [, secondEvent] = await collect(store.readStream(`user-${users[3]}`, { maxCount: 2 }));
    await userProfilesProjection.apply(secondEvent, projectionModels(readStore, userProfilesProjection), { store });
    expect(await profiles.get(users[3])).toEqual(before);
    expect(before?.display_name).toBe('name 48');
  });
});

/** The positions the counting projection's checkpoint is written at, in order. */
function checkpointWritesOf(readStore: MemoryReadStore): number[] {
  const writes: number[] = [];
  const checkpoint = collectionName(countingProjection(TYPES), CHECKPOINT_COLLECTION);
  const collection = readStore.collection.bind(readStore);
  readStore.collection = <T extends object>(name: string): ReadCollection<T> => {
    const found = collection<T>(name);
    if (name !== checkpoint) return found;
    const watched = Object.create(found) as ReadCollection<T>;
    watched.put = async (id: string, document: T) => {
      writes.push(Number((document as { position?: string }).position));
      await found.put(id, document);
    };
    return watched;
  };
  return writes;
}

/** Redelivers a few events on every resubscription, and drops the connection every `dropEvery` events. */
class FlakyStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly dropEvery: number,
  ) {}
  appendToStream: EventStore['appendToStream'] = (...args) => this.inner.appendToStream(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  headPosition = () => this.inner.headPosition();
  getStreamMetadata: EventStore['getStreamMetadata'] = (id) => this.inner.getStreamMetadata(id);
  setStreamMetadata: EventStore['setStreamMetadata'] = (id, m) => this.inner.setStreamMetadata(id, m);
  deleteStream: EventStore['deleteStream'] = (id, o) => this.inner.deleteStream(id, o);
  ping = () => this.inner.ping();
  close = () => this.inner.close();

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const rewound = options.after !== undefined && options.after > 5n ? options.after - 5n : undefined;
    const inner = this.inner.subscribeToAll({ ...options, after: rewound });
    const dropEvery = this.dropEvery;
    return {
      unsubscribe: () => inner.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        let delivered = 0;
        for await (const event of inner) {
          if (++delivered > dropEvery) {
            await inner.unsubscribe();
            throw new Error('connection reset');
          }
          yield event;
        }
      },
    };
  }
}
