import { randomUUID } from 'node:crypto';
import {
  collect,
  EventStore,
  NewEvent,
  RecordedEvent,
  WrongExpectedVersionError,
} from '../../core/event-store';

/**
 * The behaviour every EventStore adapter must have. Stream ids and event types are unique per
 * run, so the suite also works against a shared server that cannot be wiped between tests.
 */
export function describeEventStoreContract(
  adapterName: string,
  open: () => Promise<EventStore>,
  cleanup?: () => Promise<void>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    const run = randomUUID().slice(0, 8);
    const typeA = `ContractA${run}`;
    const typeB = `ContractB${run}`;
    let n = 0;
    const streamId = (category = 'contract') => `${category}${run}-${++n}`;
    const event = (type: string, data: Record<string, unknown> = {}, eventId = randomUUID()): NewEvent => ({
      type,
      data,
      metadata: {
        eventId,
        correlationId: 'corr-1',
        causationId: 'cause-1',
        actorId: 'actor-1',
        occurredAt: '2026-11-22T10:00:00.000Z',
        schemaVersion: 1,
        requestId: 'req-1',
      },
    });

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
      await cleanup?.();
    });

    describe('append with an expected revision', () => {
      it('starts a new stream at revision 0 when no stream is expected', async () => {
        const id = streamId();
        const result = await store.appendToStream(id, [event(typeA, { i: 0 }), event(typeA, { i: 1 })], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(1n);
        expect(typeof result.position).toBe('bigint');
        const events = await collect(store.readStream(id));
        expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }]);
        expect(events[1].position).toBe(result.position);
      });

      it('rejects no_stream on an existing stream with a typed error naming the actual revision', async () => {
        const id = streamId();
        await store.appendToStream(id, [event(typeA)], { expectedRevision: 'no_stream' });
        const attempt = store.appendToStream(id, [event(typeA)], { expectedRevision: 'no_stream' });
        await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(attempt).rejects.toMatchObject({ streamId: id, actual: 0n });
      });

      it('rejects stream_exists on a missing stream and accepts it on an existing one', async () => {
        const id = streamId();
        await expect(store.appendToStream(id, [event(typeA)], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
          actual: 'no_stream',
        });
        await store.appendToStream(id, [event(typeA)]);
        const result = await store.appendToStream(id, [event(typeA)], { expectedRevision: 'stream_exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it('accepts the exact current revision and rejects a stale one', async () => {
        const id = streamId();
        const first = await store.appendToStream(id, [event(typeA), event(typeA)], { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(id, [event(typeA)], { expectedRevision: first.nextExpectedRevision });
        expect(second.nextExpectedRevision).toBe(2n);
        await expect(store.appendToStream(id, [event(typeA)], { expectedRevision: 1n })).rejects.toMatchObject({
          expected: 1n,
          actual: 2n,
        });
      });

      it('lets exactly one of two concurrent writers at the same revision win', async () => {
        const id = streamId();
        await store.appendToStream(id, [event(typeA)], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled([
          store.appendToStream(id, [event(typeA, { writer: 1 })], { expectedRevision: 0n }),
          store.appendToStream(id, [event(typeA, { writer: 2 })], { expectedRevision: 0n }),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });

      it('treats a repeated append of the same event ids as a no-op, even with a stale expectation', async () => {
        const id = streamId();
        const batch = [event(typeA, { i: 0 }), event(typeA, { i: 1 })];
        const first = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        const again = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });
    });

    describe('reading a stream', () => {
      it('yields nothing for a stream that does not exist', async () => {
        expect(await collect(store.readStream(streamId()))).toEqual([]);
      });

      it('reads forwards and backwards from a revision, with a maximum count', async () => {
        const id = streamId();
        await store.appendToStream(id, [0, 1, 2, 3, 4].map((i) => event(typeA, { i })));
        const forwards = await collect(store.readStream(id, { fromRevision: 2n, maxCount: 2 }));
        expect(forwards.map((e) => e.data)).toEqual([{ i: 2 }, { i: 3 }]);
        const backwards = await collect(store.readStream(id, { direction: 'backwards', fromRevision: 3n }));
        expect(backwards.map((e) => e.revision)).toEqual([3n, 2n, 1n, 0n]);
        const last = await collect(store.readStream(id, { direction: 'backwards', maxCount: 1 }));
        expect(last.map((e) => e.revision)).toEqual([4n]);
      });

      it('keeps every metadata field of an event', async () => {
        const id = streamId();
        const written = event(typeA, { nested: { list: [1, 'two', null], ok: true } });
        await store.appendToStream(id, [written]);
        const [read] = await collect(store.readStream(id));
        expect(read.metadata).toEqual(written.metadata);
        expect(read.data).toEqual(written.data);
        expect(read.type).toBe(typeA);
        expect(read.streamId).toBe(id);
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });
    });

    describe('reading $all', () => {
      it('reads events in append order after an exclusive position, filtered by event type', async () => {
        const s1 = streamId();
        const s2 = streamId();
        const first = await store.appendToStream(s1, [event(typeA, { k: 'a1' })]);
        await store.appendToStream(s2, [event(typeB, { k: 'b1' })]);
        await store.appendToStream(s1, [event(typeA, { k: 'a2' })]);
        const typeAOnly = await collect(store.readAll({ filter: { eventTypes: [typeA] } }));
        expect(typeAOnly.map((e) => e.data)).toEqual(expect.arrayContaining([{ k: 'a1' }, { k: 'a2' }]));
        expect(typeAOnly.every((e) => e.type === typeA)).toBe(true);
        const afterFirst = await collect(store.readAll({ after: first.position, filter: { eventTypes: [typeA, typeB] } }));
        expect(afterFirst.map((e) => e.data)).toEqual([{ k: 'b1' }, { k: 'a2' }]);
        const positions = afterFirst.map((e) => e.position);
        expect(positions[0] < positions[1]).toBe(true);
      });

      it('filters by stream prefix and reads backwards', async () => {
        const category = `prefixed${run}`;
        const id = streamId(category);
        await store.appendToStream(id, [event(typeA, { i: 1 }), event(typeA, { i: 2 })]);
        const forwards = await collect(store.readAll({ filter: { streamPrefixes: [category] } }));
        expect(forwards.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
        const backwards = await collect(store.readAll({ direction: 'backwards', maxCount: 1, filter: { streamPrefixes: [category] } }));
        expect(backwards.map((e) => e.data)).toEqual([{ i: 2 }]);
      });

      it('reports the head position as that of the last appended event', async () => {
        const result = await store.appendToStream(streamId(), [event(typeA)]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });
    });

    describe('catch-up subscription to $all', () => {
      it('delivers history strictly after the start position, signals caught-up, then goes live', async () => {
        const typeC = `ContractC${run}`;
        const id = streamId();
        const start = await store.appendToStream(id, [event(typeC, { i: 0 })]);
        await store.appendToStream(id, [event(typeC, { i: 1 })]);
        let caughtUp = false;
        const subscription = store.subscribeToAll({
          after: start.position,
          filter: { eventTypes: [typeC] },
          onCaughtUp: () => {
            caughtUp = true;
          },
        });
        const received: RecordedEvent[] = [];
        const done = (async () => {
          for await (const e of subscription) {
            received.push(e);
            if (received.length === 2) await subscription.unsubscribe();
          }
        })();
        await waitFor(() => caughtUp && received.length === 1);
        await store.appendToStream(id, [event(typeA, { ignored: true }), event(typeC, { i: 2 })]);
        await done;
        expect(caughtUp).toBe(true);
        expect(received.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
      });
    });

    describe('stream metadata and deletion', () => {
      it('stores custom metadata and hides events before truncateBefore', async () => {
        const id = streamId();
        await store.appendToStream(id, [0, 1, 2].map((i) => event(typeA, { i })));
        await store.setStreamMetadata(id, { truncateBefore: 2n, custom: { owner: 'u1' } });
        const metadata = await store.getStreamMetadata(id);
        expect(metadata.truncateBefore).toBe(2n);
        expect(metadata.custom).toEqual({ owner: 'u1' });
        expect((await collect(store.readStream(id))).map((e) => e.data)).toEqual([{ i: 2 }]);
      });

      it('soft-deletes a stream: it reads as absent, and a new append continues its revisions', async () => {
        const id = streamId();
        await store.appendToStream(id, [event(typeA), event(typeA)]);
        await store.deleteStream(id);
        expect(await collect(store.readStream(id))).toEqual([]);
        await store.appendToStream(id, [event(typeA, { reborn: true })]);
        const events = await collect(store.readStream(id));
        expect(events.map((e) => e.data)).toEqual([{ reborn: true }]);
        expect(events[0].revision).toBe(2n);
      });

      it('refuses to delete a stream at a stale revision', async () => {
        const id = streamId();
        await store.appendToStream(id, [event(typeA), event(typeA)]);
        await expect(store.deleteStream(id, { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
        expect(await collect(store.readStream(id))).toHaveLength(2);
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
