import type { RecordedEvent } from '../core/event-store';

const BOUNDARY = Symbol('boundary');

/** Resolves once the event loop has moved on to its next macrotask (after every pending microtask). */
function nextMacrotask(): Promise<typeof BOUNDARY> {
  return new Promise((resolve) => setImmediate(() => resolve(BOUNDARY)));
}

/**
 * Reads a subscription in pages: each page holds the events that have already arrived, up to
 * `maxPage`, and never waits for more. "Already arrived" means deliverable before the event loop
 * turns: a catch-up reads a whole page of the log at once, a live append of many events wakes
 * the subscription once, so both come as full pages; a lone live event comes as a page of one,
 * without delay.
 *
 * To find out whether another event is ready, the reader asks for it before returning a page
 * (unless the page is full): that request stays pending into the next `next()`. `lastPosition`
 * is the position of the last event taken from the subscription, including ones of the page
 * being gathered.
 */
export class EventPages {
  private pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  private finished = false;
  lastPosition: bigint | undefined;

  constructor(
    private readonly events: AsyncIterator<RecordedEvent>,
    private readonly maxPage: number,
  ) {
    if (!Number.isSafeInteger(maxPage) || maxPage < 1) throw new RangeError(`maxPage must be an integer >= 1, got ${maxPage}`);
  }

  /** The next page (never empty), or undefined once the subscription has ended. */
  async next(): Promise<RecordedEvent[] | undefined> {
    if (this.finished) return undefined;
    const first = await this.take();
    if (first.done) return this.finish();
    const page = [this.received(first.value)];
    if (page.length >= this.maxPage) return page;
    const boundary = nextMacrotask();
    while (page.length < this.maxPage) {
      this.pending ??= this.events.next();
      const next = await Promise.race([this.pending, boundary]);
      if (next === BOUNDARY) break;
      this.pending = undefined;
      if (next.done) {
        this.finished = true;
        break;
      }
      page.push(this.received(next.value));
    }
    return page;
  }

  /**
   * Lets go of the subscription: waits for a pending request (end the subscription first, e.g.
   * with `unsubscribe()`, so that it answers) and closes the iterator.
   */
  async close(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    this.finished = true;
    if (pending) await pending.catch(() => undefined);
    await this.events.return?.();
  }

  private take(): Promise<IteratorResult<RecordedEvent>> {
    const pending = this.pending ?? this.events.next();
    this.pending = undefined;
    return pending;
  }

  private received(event: RecordedEvent): RecordedEvent {
    this.lastPosition = event.position;
    return event;
  }

  private finish(): undefined {
    this.finished = true;
    return undefined;
  }
}
