import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';
import { collect } from '../../../core/event-store';

const dir = mkdtempSync(join(tmpdir(), 'events-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreContract('SQLite', async () => new SqliteEventStore(join(dir, 'events.sqlite')));

describe('SQLite event store', () => {
  it('keeps acknowledged events across a reopen of the file', async () => {
    const file = join(dir, 'reopen.sqlite');
    const first = new SqliteEventStore(file);
    await first.appendToStream('user-1', [
      {
        type: 'Noted',
        data: { n: 1 },
        metadata: { eventId: 'e-1', correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
      },
    ]);
    await first.close();
    const second = new SqliteEventStore(file);
    expect((await collect(second.readStream('user-1'))).map((e) => e.data)).toEqual([{ n: 1 }]);
    await second.close();
  });

  it('commits appends from the same tick together without mixing up their results', async () => {
    const store = new SqliteEventStore(join(dir, 'group.sqlite'));
    const meta = (eventId: string) => ({ eventId, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        store.appendToStream(`s-${i % 5}`, [{ type: 'Noted', data: { i }, metadata: meta(`g-${i}`) }], {
          expectedRevision: i < 5 ? 'no_stream' : 'any',
        }),
      ),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const conflicting = await Promise.allSettled([
      store.appendToStream('s-0', [{ type: 'Noted', data: {}, metadata: meta('x-1') }], { expectedRevision: 'no_stream' }),
      store.appendToStream('s-1', [{ type: 'Noted', data: {}, metadata: meta('x-2') }], { expectedRevision: 'any' }),
    ]);
    expect(conflicting.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await collect(store.readStream('s-1'))).toHaveLength(11);
    await store.close();
  });
});
