import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { collect } from '../../../core/event-store';
import { testMetadata } from './testing/event-metadata';

const dir = mkdtempSync(join(tmpdir(), 'events-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** A store's file with the store's schema, then `sql` run on it through a connection of its own. */
async function storeFileAltered(name: string, sql: string): Promise<string> {
  const file = join(dir, name);
  await new SqliteEventStore(file).close();
  const raw = new Database(file);
  raw.exec(sql);
  raw.close();
  return file;
}

describeEventStoreContract('SQLite', async () => new SqliteEventStore(join(dir, 'events.sqlite')));
describeEventStoreContract('SQLite, writing inline', async () => new SqliteEventStore(join(dir, 'inline.sqlite'), { writer: 'inline' }));

describe('SQLite event store', () => {
  it('keeps acknowledged events across a reopen of the file', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = new SqliteEventStore(file);
    await first.appendToStream('user-1', [{ type: 'Noted', data: { n: 1 }, metadata: testMetadata('e-1') }]);
    await first.close();
    const second = new SqliteEventStore(file);
    expect((await collect(second.readStream('user-1'))).map((e) => e.data)).toEqual([{ n: 1 }]);
    await second.close();
  });

  it("takes a stream's revision from its events, so a file whose streams rows hold stale or older revisions reads and appends the same", async () => {
    const file = join(dir, 'revisions.sqlite');
    const first = new SqliteEventStore(file);
    await first.appendToStream('kept', [1, 2, 3].map((n) => ({ type: 'Noted', data: { n }, metadata: testMetadata(`k-${n}`) })));
    await first.appendToStream('deleted', [{ type: 'Noted', data: { n: 1 }, metadata: testMetadata('d-1') }]);
    await first.deleteStream('deleted');
    await first.close();
    // Whatever the rows say (this version leaves -1 there; older ones kept the revision), only the events count.
    const raw = new Database(file);
    raw.prepare("UPDATE streams SET revision = 40 WHERE stream_id = 'kept'").run();
    raw.close();
    const second = new SqliteEventStore(file);
    await expect(second.appendToStream('kept', [{ type: 'Noted', data: { n: 4 }, metadata: testMetadata('k-4') }], { expectedRevision: 40n })).rejects.toThrow();
    const appended = await second.appendToStream('kept', [{ type: 'Noted', data: { n: 4 }, metadata: testMetadata('k-4') }], { expectedRevision: 2n });
    expect(appended.nextExpectedRevision).toBe(3n);
    expect((await collect(second.readStream('kept', { direction: 'backwards', maxCount: 1 }))).map((e) => e.revision)).toEqual([3n]);
    // A deleted stream appended to again goes on from its last revision, and shows only what came after the delete.
    await second.appendToStream('deleted', [{ type: 'Noted', data: { n: 2 }, metadata: testMetadata('d-2') }], { expectedRevision: 'no_stream' });
    expect((await collect(second.readStream('deleted'))).map((e) => [e.revision, e.data])).toEqual([[1n, { n: 2 }]]);
    await second.close();
  });

  it('commits appends from the same tick together without mixing up their results', async () => {
    const store = new SqliteEventStore(join(dir, 'group.sqlite'));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.appendToStream(`s-${i % 5}`, [{ type: 'Noted', data: { i }, metadata: testMetadata(`g-${i}`) }], {
          expectedRevision: i < 5 ? 'no_stream' : 'any',
        }),
      ),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const conflicting = await Promise.allSettled([
      store.appendToStream('s-0', [{ type: 'Noted', data: {}, metadata: testMetadata('x-1') }], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-1', [{ type: 'Noted', data: {}, metadata: testMetadata('x-2') }], { expectedRevision: 'any' }),
    ]);
    expect(conflicting.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await collect(store.readStream('s-1'))).toHaveLength(11);
    await store.close();
  });

  it('fails only the append that breaks half-way through its events, and stores none of them', async () => {
    const file = await storeFileAltered(
      'half-way.sqlite',
      "CREATE TRIGGER break_half_way BEFORE INSERT ON events WHEN NEW.event_id = 'b-2' BEGIN SELECT RAISE(ABORT, 'broken on purpose'); END",
    );
    const store = new SqliteEventStore(file);
    const results = await Promise.allSettled([
      store.appendToStream('good-1', [{ type: 'Noted', data: {}, metadata: testMetadata('a-1') }]),
      // The second event's insert fails (the trigger above) after the first one's.
      store.appendToStream('broken', [
        { type: 'Noted', data: { n: 1 }, metadata: testMetadata('b-1') },
        { type: 'Noted', data: { n: 2 }, metadata: testMetadata('b-2') },
      ]),
      store.appendToStream('good-2', [{ type: 'Noted', data: {}, metadata: testMetadata('a-2') }], { expectedRevision: 'no_stream' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('broken on purpose');
    expect(await collect(store.readStream('broken'))).toEqual([]);
    expect(await collect(store.readStream('good-1'))).toHaveLength(1);
    expect(await collect(store.readStream('good-2'))).toHaveLength(1);
    await store.close();
  });

  it('drops the event-id index of a file written by an earlier version', async () => {
    const file = await storeFileAltered('old-index.sqlite', 'CREATE UNIQUE INDEX events_by_stream_event_id ON events (stream_id, event_id)');
    await new SqliteEventStore(file).close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'events_by_stream_event_id'").all()).toEqual([]);
    reopened.close();
  });

  describe('a retried append (its event ids already in the stream)', () => {
    const noted = (...ids: string[]) => ids.map((id) => ({ type: 'Noted', data: { id }, metadata: testMetadata(id) }));
    let store: SqliteEventStore;
    beforeEach(() => (store = new SqliteEventStore(join(dir, `retry-${Date.now()}-${Math.random()}.sqlite`))));
    afterEach(() => store.close());

    it('is a no-op reporting where they were written, retried with the expectation it first carried', async () => {
      const created = await store.appendToStream('s', noted('a'), { expectedRevision: 'no_stream' });
      const first = await store.appendToStream('s', noted('b', 'c'), { expectedRevision: 0n });
      await store.appendToStream('s', noted('d'), { expectedRevision: 2n });
      expect(await store.appendToStream('s', noted('b', 'c'), { expectedRevision: 0n })).toEqual(first);
      expect(await store.appendToStream('s', noted('a'), { expectedRevision: 'no_stream' })).toEqual(created);
      expect((await collect(store.readStream('s'))).map((e) => e.data)).toEqual(['a', 'b', 'c', 'd'].map((id) => ({ id })));
    });

    it('without an expectation, is a no-op while its events are the last in the stream, as in EventStoreDB', async () => {
      await store.appendToStream('s', noted('a'));
      const last = await store.appendToStream('s', noted('b', 'c'));
      expect(await store.appendToStream('s', noted('b', 'c'))).toEqual(last);
      expect(await store.appendToStream('s', noted('b', 'c'), { expectedRevision: 'stream_exists' })).toEqual(last);
      expect(await collect(store.readStream('s'))).toHaveLength(3);
    });

    it('is a conflict when only some of its events were written there', async () => {
      await store.appendToStream('s', noted('a', 'b'), { expectedRevision: 'no_stream' });
      await expect(store.appendToStream('s', noted('a', 'x'), { expectedRevision: 'no_stream' })).rejects.toMatchObject({ name: 'WrongExpectedVersionError' });
      await expect(store.appendToStream('s', noted('a', 'x'), { expectedRevision: 'any' })).rejects.toMatchObject({ name: 'WrongExpectedVersionError' });
      expect(await collect(store.readStream('s'))).toHaveLength(2);
    });

    it('refuses an append that repeats an event id within itself, storing none of it', async () => {
      await expect(store.appendToStream('s', noted('a', 'b', 'a'))).rejects.toThrow('an append to s repeats the event id a');
      expect(await collect(store.readStream('s'))).toEqual([]);
    });
  });

  it('wakes a live subscription only for the event types it wants, yet misses none appended while it was busy', async () => {
    const store = new SqliteEventStore(join(dir, 'wake.sqlite'), { pollIntervalMs: 60_000 });
    const subscription = store.subscribeToAll({ filter: { eventTypes: ['Wanted'] } });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const event of subscription) {
        seen.push(event.metadata.eventId);
        // While this consumer is busy with the first event, two more are committed.
        if (seen.length === 1) {
          await store.appendToStream('s', [{ type: 'Wanted', data: {}, metadata: testMetadata('w-2') }]);
          await store.appendToStream('s', [{ type: 'Wanted', data: {}, metadata: testMetadata('w-3') }]);
        }
        if (seen.length === 3) return;
      }
    })();
    await store.appendToStream('s', [{ type: 'Other', data: {}, metadata: testMetadata('o-1') }]);
    await store.appendToStream('s', [{ type: 'Wanted', data: {}, metadata: testMetadata('w-1') }]);
    // The poll interval is a minute: only the in-process signal can deliver these in time.
    let timer: NodeJS.Timeout | undefined;
    const missed = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('missed a signal')), 2_000)));
    await Promise.race([reading, missed]).finally(() => clearTimeout(timer));
    expect(seen).toEqual(['w-1', 'w-2', 'w-3']);
    await subscription.unsubscribe();
    await store.close();
  });
});
