import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AllSubscription, collect, EventStore, SubscribeToAllOptions } from '../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../core/event-schemas';
import { MemoryReadStore } from '../infra/read-store/memory/memory-read-store';
import { SqliteEventStore } from '../infra/event-store/sqlite/sqlite-event-store';
import { projectionModels } from './projection';
import { ProjectionRunner } from './projection-runner';
import { countingProjection, profileUpdate, registration } from './testing';
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
