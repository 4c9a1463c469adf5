import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../core/event-schemas';
import type { ReadStore } from '../core/read-store';
import { MemoryReadStore } from '../infra/read-store/memory/memory-read-store';
import { SqliteEventStore } from '../infra/event-store/sqlite/sqlite-event-store';
import { USER_PROFILES, userProfilesProjection } from './identity/user-profiles.projection';
import { collectionName, loadCheckpoint, projectionModels } from './projection';
import { ProjectionRunner } from './projection-runner';
import { rebuildProjection, RebuildMismatchError, RebuildProgress } from './rebuild';
import { countingPagesProjection, profileUpdate, registration } from './testing';

async function snapshot(readStore: ReadStore, collection: string) {
  const documents: Array<[string, object]> = [];
  for await (const entry of readStore.collection<object>(collection).entries()) documents.push(entry);
  return documents;
}

describe('rebuilding a projection', () => {
  let dir: string;
  let sqlite: SqliteEventStore;
  let store: EventStore;
  let readStore: MemoryReadStore;
  let live: ProjectionRunner;
  const liveProfiles = collectionName(userProfilesProjection, USER_PROFILES);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
    sqlite = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20, synchronous: 'NORMAL' });
    store = new SchemaCheckedEventStore(sqlite, EventSchemaRegistry.load());
    readStore = new MemoryReadStore();
    live = new ProjectionRunner(store, readStore, userProfilesProjection);
    await live.start();
    for (let i = 0; i < 200; i++) {
      const user = randomUUID();
      await store.appendToStream(`user-${user}`, [registration(user, `u${i}@example.com`), profileUpdate(user, `runner ${i}`)]);
    }
    await live.waitFor(await store.headPosition());
  });
  afterEach(async () => {
    await live.stop();
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces a read model equal to the live one, swaps it in, and the live runner carries on', async () => {
    const before = await snapshot(readStore, liveProfiles);
    const progress: RebuildProgress[] = [];
    const report = await rebuildProjection({ store, readStore, projection: userProfilesProjection, liveRunner: live, onProgress: (p) => progress.push(p), progressIntervalMs: 0 });
    expect(report).toMatchObject({ swapped: true, events: 400, documents: 200, differences: [] });
    expect(progress.length).toBeGreaterThan(1);
    expect(await snapshot(readStore, liveProfiles)).toEqual(before);

    const user = randomUUID();
    const appended = await store.appendToStream(`user-${user}`, [registration(user, 'after@example.com')]);
    await live.waitFor(appended.position);
    expect(await projectionModels(readStore, userProfilesProjection).collection(USER_PROFILES).get(user)).toMatchObject({ email: 'after@example.com' });
  });

  it('refuses to swap in a model that differs from the live one, and names the difference', async () => {
    const [id, document] = (await snapshot(readStore, liveProfiles))[7];
    await readStore.collection<object>(liveProfiles).put(id, { ...document, display_name: 'tampered' });
    const rebuilding = rebuildProjection({ store, readStore, projection: userProfilesProjection, liveRunner: live });
    await expect(rebuilding).rejects.toBeInstanceOf(RebuildMismatchError);
    const error = (await rebuilding.catch((e: RebuildMismatchError) => e)) as RebuildMismatchError;
    expect(error.report.differences).toEqual([expect.objectContaining({ id, live: expect.objectContaining({ display_name: 'tampered' }) })]);
    expect(((await readStore.collection<{ display_name: string }>(liveProfiles).get(id)) ?? { display_name: '' }).display_name).toBe('tampered');
  });

  it('replaces a corrupted live model when forced', async () => {
    const [id, document] = (await snapshot(readStore, liveProfiles))[7];
    await readStore.collection<object>(liveProfiles).put(id, { ...document, display_name: 'tampered' });
    const report = await rebuildProjection({ store, readStore, projection: userProfilesProjection, liveRunner: live, force: true });
    expect(report.swapped).toBe(true);
    expect(await readStore.collection(liveProfiles).get(id)).toEqual(document);
  });

  it('rebuilds a projection that takes pages a page at a time, equal to the live one', async () => {
    const pages: number[] = [];
    const projection = countingPagesProjection(['UserRegistered', 'UserProfileUpdated'], (events) => void pages.push(events.length));
    const runner = new ProjectionRunner(store, readStore, projection);
    await runner.start();
    try {
      pages.length = 0;
      const report = await rebuildProjection({ store, readStore, projection, liveRunner: runner, pageSize: 64 });
      expect(report).toMatchObject({ swapped: true, verified: true, events: 400, documents: 200, differences: [] });
      expect(pages.reduce((a, b) => a + b, 0)).toBe(400);
      expect(Math.max(...pages)).toBe(64);
      expect(await loadCheckpoint(projectionModels(readStore, projection))).toBe(await store.headPosition());
    } finally {
      await runner.stop();
    }
  });
});
