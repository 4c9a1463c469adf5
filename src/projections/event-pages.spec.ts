import type { RecordedEvent } from '../core/event-store';
import { EventPages } from './event-pages';

const event = (position: number): RecordedEvent => ({
  streamId: `s-${position}`,
  type: 'Happened',
  data: {},
  metadata: { eventId: `e${position}`, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  revision: 0n,
  position: BigInt(position),
  recordedAt: '2026-01-01T00:00:00.000Z',
});

/** A live source: `push` delivers events, `end` or `fail` finishes it; `requests` counts the next() calls made. */
function liveSource() {
  const queue: Array<RecordedEvent | 'end' | Error> = [];
  let wake: (() => void) | undefined;
  const source = {
    requests: 0,
    returned: false,
    push(...positions: number[]) {
      queue.push(...positions.map(event));
      wake?.();
    },
    end() {
      queue.push('end');
      wake?.();
    },
    fail(error: Error) {
      queue.push(error);
      wake?.();
    },
    iterator: {
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        source.requests++;
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const item = queue.shift();
        if (item === 'end' || item === undefined) return { done: true, value: undefined };
        if (item instanceof Error) throw item;
        return { done: false, value: item };
      },
      return: async (): Promise<IteratorResult<RecordedEvent>> => {
        source.returned = true;
        return { done: true, value: undefined };
      },
    } satisfies AsyncIterator<RecordedEvent>,
  };
  return source;
}

const positions = (page: RecordedEvent[] | undefined) => page?.map((e) => Number(e.position));

describe('reading a subscription in pages', () => {
  it('takes every event already there, up to the page size, and no more', async () => {
    const source = liveSource();
    source.push(1, 2, 3, 4, 5, 6, 7);
    const pages = new EventPages(source.iterator, 3);
    expect(positions(await pages.next())).toEqual([1, 2, 3]);
    expect(positions(await pages.next())).toEqual([4, 5, 6]);
    expect(positions(await pages.next())).toEqual([7]);
    expect(pages.lastPosition).toBe(7n);
  });

  it('hands over a short page rather than wait for the next event, and that event then starts a page', async () => {
    const source = liveSource();
    source.push(1, 2);
    const pages = new EventPages(source.iterator, 100);
    expect(positions(await pages.next())).toEqual([1, 2]);
    const waiting = pages.next();
    setTimeout(() => source.push(3, 4), 20);
    expect(positions(await waiting)).toEqual([3, 4]);
  });

  it('ends with the events before the end, then undefined', async () => {
    const source = liveSource();
    source.push(1, 2);
    source.end();
    const pages = new EventPages(source.iterator, 100);
    expect(positions(await pages.next())).toEqual([1, 2]);
    expect(await pages.next()).toBeUndefined();
    expect(await pages.next()).toBeUndefined();
  });

  it('never reads ahead with pages of one', async () => {
    const source = liveSource();
    source.push(1, 2, 3);
    const pages = new EventPages(source.iterator, 1);
    expect(positions(await pages.next())).toEqual([1]);
    expect(positions(await pages.next())).toEqual([2]);
    expect(source.requests).toBe(2);
  });

  it('reports a failure of the source at the next page, after the events before it', async () => {
    const source = liveSource();
    source.push(1);
    const pages = new EventPages(source.iterator, 10);
    expect(positions(await pages.next())).toEqual([1]);
    source.fail(new Error('connection reset'));
    await expect(pages.next()).rejects.toThrow('connection reset');
  });

  it('closes once the source ends a read-ahead still waiting', async () => {
    const source = liveSource();
    source.push(1);
    const pages = new EventPages(source.iterator, 10);
    expect(positions(await pages.next())).toEqual([1]);
    const closed = pages.close();
    source.end(); // what unsubscribe() does to a waiting read
    await closed;
    expect(source.returned).toBe(true);
    expect(await pages.next()).toBeUndefined();
  });
});
