import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { collect, NewEvent, RecordedEvent, WrongExpectedVersionError } from '../../../core/event-store';
import { describeEventStoreContract } from '../event-store.contract';
import { EsdbAllSubscription, EsdbEventStore } from './esdb-event-store';
import { toRecordedEvent } from './esdb-mapping';

const esdbUrl = process.env.ESDB_URL;
const describeIfEsdb = esdbUrl ? describe : describe.skip;
const title = esdbUrl ? 'EventStoreDB contract' : 'EventStoreDB contract (skipped: set ESDB_URL to run)';

describeIfEsdb(title, () => {
  // Streams and event types in the contract suite carry a random run id: a server cannot be
  // wiped between tests, so nothing depends on what earlier runs left behind.
  describeEventStoreContract('EventStoreDB', async () => EsdbEventStore.connect(esdbUrl ?? ''));

  describe('EventStoreDB specifics', () => {
    let store: EsdbEventStore;
    const run = randomUUID().slice(0, 8);
    const streamId = () => `esdb${run}-${randomUUID().slice(0, 8)}`;
    const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
      type,
      data,
      metadata: {
        eventId: randomUUID(),
        correlationId: 'corr',
        causationId: 'cause',
        actorId: 'actor',
        occurredAt: '2026-11-22T10:00:00.000Z',
        schemaVersion: 1,
      },
    });

    beforeAll(() => {
      store = EsdbEventStore.connect(esdbUrl ?? '');
    });
    afterAll(async () => {
      await store.close();
    });

    it('reports the original position when an append is repeated', async () => {
      const id = streamId();
      const batch = [event(`Esdb${run}`), event(`Esdb${run}`)];
      const first = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(id, batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
    });

    it('answers an empty append with the stream revision, and checks the expectation', async () => {
      const id = streamId();
      expect((await store.appendToStream(id, [])).nextExpectedRevision).toBe(-1n);
      await expect(store.appendToStream(id, [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      await store.appendToStream(id, [event(`Esdb${run}`)]);
      expect((await store.appendToStream(id, [], { expectedRevision: 0n })).nextExpectedRevision).toBe(0n);
    });

    it('deletes with stream_exists only a stream that exists', async () => {
      const id = streamId();
      await expect(store.deleteStream(id, { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        actual: 'no_stream',
      });
      await store.appendToStream(id, [event(`Esdb${run}`)]);
      await store.deleteStream(id, { expectedRevision: 'stream_exists' });
      expect(await collect(store.readStream(id))).toEqual([]);
    });

    it('filters a subscription on event types and stream prefixes together', async () => {
      const type = `EsdbBoth${run}`;
      const category = `esdbkept${run}`;
      const start = await store.headPosition();
      await store.appendToStream(`esdbother${run}-1`, [event(type, { kept: false })]);
      await store.appendToStream(`${category}-1`, [event(`EsdbOther${run}`, { kept: false }), event(type, { kept: true })]);
      const subscription = store.subscribeToAll({ after: start, filter: { eventTypes: [type], streamPrefixes: [category] } });
      const received: RecordedEvent[] = [];
      for await (const e of subscription) {
        received.push(e);
        await subscription.unsubscribe();
      }
      expect(received.map((e) => e.data)).toEqual([{ kept: true }]);
    });

    it('reads $all strictly after a position and backwards strictly before it', async () => {
      const id = streamId();
      const type = `EsdbAll${run}`;
      await store.appendToStream(id, [0, 1, 2].map((i) => event(type, { i })));
      const all = await collect(store.readAll({ filter: { eventTypes: [type] } }));
      expect(all.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      const middle = all[1].position;
      expect((await collect(store.readAll({ after: middle, filter: { eventTypes: [type] } }))).map((e) => e.data)).toEqual([
        { i: 2 },
      ]);
      const before = await collect(store.readAll({ direction: 'backwards', after: middle, filter: { eventTypes: [type] } }));
      expect(before.map((e) => e.data)).toEqual([{ i: 0 }]);
    });

    it('round-trips maxCount and custom metadata', async () => {
      const id = streamId();
      await store.setStreamMetadata(id, { maxCount: 5, custom: { owner: 'u1', tags: ['a'] } });
      expect(await store.getStreamMetadata(id)).toEqual({ maxCount: 5, custom: { owner: 'u1', tags: ['a'] } });
      expect(await store.getStreamMetadata(streamId())).toEqual({});
    });
  });
});

/** A stand-in for the client's catch-up subscription: an object-mode stream plus `unsubscribe`. */
class FakeSource extends PassThrough {
  id?: string;
  unsubscribed = false;

  constructor() {
    super({ objectMode: true });
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
  }
}

function resolvedEvent(commit: bigint, type = 'WorkoutStarted', streamId = 'workout-1'): AllStreamResolvedEvent {
  return {
    commitPosition: commit,
    event: {
      streamId,
      id: randomUUID(),
      isJson: true,
      revision: commit,
      type,
      created: new Date('2026-11-22T10:00:00.000Z'),
      data: { commit: Number(commit) },
      metadata: undefined,
      position: { commit, prepare: commit },
    },
  };
}

function subscriptionOver(source: FakeSource, onCaughtUp?: () => void, after?: bigint): EsdbAllSubscription {
  return new EsdbAllSubscription(
    source as unknown as AllStreamSubscription,
    (resolved) => {
      if (!resolved.event || resolved.event.type.startsWith('$')) return undefined;
      const recorded = toRecordedEvent(resolved.event, resolved.commitPosition);
      return after === undefined || recorded.position > after ? recorded : undefined;
    },
    onCaughtUp,
  );
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('EsdbAllSubscription (no server)', () => {
  it('signals caught-up after the events that preceded it, even when they were still buffered', async () => {
    const source = new FakeSource();
    const log: string[] = [];
    const subscription = subscriptionOver(source, () => log.push('caught-up'));
    // As when the stream holds events back (backpressure) while the client transforms the
    // server's caught-up message.
    source.pause();
    source.write(resolvedEvent(1n));
    source.write(resolvedEvent(2n, '$statsCollected'));
    source.write(resolvedEvent(3n));
    expect(source.readableLength).toBe(3);
    source.emit('caughtUp');
    source.resume();
    const consumed = (async () => {
      for await (const e of subscription) {
        log.push(`event ${e.position}`);
        if (e.position === 4n) await subscription.unsubscribe();
      }
    })();
    await tick();
    expect(log).toEqual(['event 1', 'event 3', 'caught-up']);
    source.emit('caughtUp');
    source.write(resolvedEvent(4n));
    await consumed;
    expect(log).toEqual(['event 1', 'event 3', 'caught-up', 'event 4']);
    expect(source.unsubscribed).toBe(true);
  });

  it('signals caught-up at once when nothing precedes it', async () => {
    const source = new FakeSource();
    let caughtUp = false;
    const subscription = subscriptionOver(source, () => {
      caughtUp = true;
    });
    const iterator = subscription[Symbol.asyncIterator]();
    const first = iterator.next();
    source.emit('caughtUp');
    await tick();
    expect(caughtUp).toBe(true);
    source.write(resolvedEvent(10n));
    expect((await first).value).toMatchObject({ position: 10n });
    await subscription.unsubscribe();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('ends the iteration with the error after the events already received', async () => {
    const source = new FakeSource();
    const subscription = subscriptionOver(source);
    source.write(resolvedEvent(1n));
    const received: bigint[] = [];
    const consumed = (async () => {
      for await (const e of subscription) received.push(e.position);
    })();
    await tick();
    source.emit('error', new Error('connection dropped'));
    await expect(consumed).rejects.toThrow('connection dropped');
    expect(received).toEqual([1n]);
    expect(source.unsubscribed).toBe(true);
  });

  it('treats the server ending the call as an error, so the runner resubscribes', async () => {
    const source = new FakeSource();
    const subscription = subscriptionOver(source);
    const consumed = collect(subscription);
    source.end();
    await expect(consumed).rejects.toThrow('ended the subscription');
  });

  it('ends quietly when the consumer leaves the loop', async () => {
    const source = new FakeSource();
    const subscription = subscriptionOver(source);
    source.write(resolvedEvent(1n));
    source.write(resolvedEvent(2n));
    for await (const e of subscription) {
      expect(e.position).toBe(1n);
      break;
    }
    expect(source.unsubscribed).toBe(true);
    expect(source.destroyed).toBe(true);
  });

  it('pauses the source when the consumer falls far behind, and resumes it as it catches up', async () => {
    const source = new FakeSource();
    const subscription = subscriptionOver(source);
    for (let i = 1n; i <= 400n; i++) source.write(resolvedEvent(i));
    await tick();
    expect(source.isPaused()).toBe(true);
    const iterator = subscription[Symbol.asyncIterator]();
    const positions: bigint[] = [];
    for (let i = 0; i < 400; i++) {
      const next = await iterator.next();
      if (next.done) break;
      positions.push(next.value.position);
    }
    expect(positions).toEqual(Array.from({ length: 400 }, (_, i) => BigInt(i + 1)));
    await subscription.unsubscribe();
  });
});
