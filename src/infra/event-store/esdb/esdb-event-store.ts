import {
  ANY,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  isCommandError,
  NO_STREAM,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult as ClientAppendResult,
  ExpectedRevision as EsdbExpectedRevision,
  Position,
  ReadPosition,
} from '@eventstore/db-client';
import {
  AllSubscription,
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
  WrongExpectedVersionError,
  expectationHolds,
} from '../../../core/event-store';
import type { ActualRevision, Direction } from '../../../core/event-store';
import {
  comparePositions,
  fromClientStreamMetadata,
  isBeyond,
  isKnownPosition,
  matchesFilter,
  readAllStart,
  subscriptionFilter,
  subscriptionStart,
  toActualRevision,
  toClientExpectedRevision,
  toClientReadStreamOptions,
  toClientStreamMetadata,
  toEventData,
  toRecordedEvent,
} from './esdb-mapping';

/** Raw `$all` events per read request when paging through `$all`. */
const PAGE_SIZE = 512;
/** The smallest page worth a round trip (the first event of a page may be the previous page's last). */
const MIN_PAGE_SIZE = 32;
/** How long `ping` waits for an answer: reads carry no deadline in the client. */
const PING_TIMEOUT_MS = 5000;
/** Attempts of a `stream_exists` delete that keeps losing a race against appends. */
const DELETE_ATTEMPTS = 5;

/**
 * The EventStore port on EventStoreDB (gRPC client 6.x). Needs a server >= 23.10 for
 * `onCaughtUp` (older servers never send the caught-up message) and >= 22.6 for stream reads to
 * carry `$all` positions. Reading and subscribing to `$all` need a user allowed to read it
 * (`$admins` by default) unless the server runs insecure.
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbAllSubscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    // An empty append writes nothing; the client would misreport a missing stream's revision
    // as 0 (it reads `current_revision` without checking `no_stream`), so check it here.
    if (events.length === 0) {
      const actual = await this.currentRevision(streamId);
      if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
      return { nextExpectedRevision: actual === 'no_stream' ? -1n : actual, position: await this.headPosition() };
    }
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision: toClientExpectedRevision(expected),
      });
    } catch (error) {
      throw toPortError(error, streamId, expected);
    }
    if (!result.success) {
      // Only with `throwOnAppendFailure=false` in the connection string. The revision the client
      // reports then is unreliable (its batch-append path reports `true` as 1n), so ask.
      throw new WrongExpectedVersionError(streamId, expected, await this.currentRevision(streamId));
    }
    const { nextExpectedRevision } = result;
    if (isKnownPosition(result.position)) return { nextExpectedRevision, position: result.position.commit };
    // An idempotent repeat of an earlier append reports no position: the events were written
    // before, so report where the last of them is.
    return { nextExpectedRevision, position: await this.positionOf(streamId, nextExpectedRevision) };
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return;
    const read = this.client.readStream(streamId, toClientReadStreamOptions(options));
    let finished = false;
    try {
      for await (const resolved of read) {
        if (resolved.event) yield toRecordedEvent(resolved.event, resolved.commitPosition);
      }
      finished = true;
    } catch (error) {
      finished = true;
      // A stream that never existed, was soft-deleted (reads as not found) or tombstoned.
      if (isMissingStream(error)) return;
      throw error;
    } finally {
      if (!finished) await cancelQuietly(read);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const direction: Direction = options.direction ?? 'forwards';
    const { after, filter } = options;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const start = readAllStart(after, direction);
    if (start === 'nothing') return;
    // The client's `readAll` (6.x) takes no server-side filter: everything is filtered here,
    // page by page. Each page starts at the previous page's last event, which the server may
    // send again (inclusive forwards), so events not beyond `cursor` are dropped.
    let from: ReadPosition = start;
    let cursor: Position | undefined;
    for (;;) {
      const pageSize = Math.min(PAGE_SIZE, Math.max(MIN_PAGE_SIZE, remaining + 1));
      const read = this.client.readAll({
        direction: direction === 'backwards' ? BACKWARDS : FORWARDS,
        fromPosition: from,
        maxCount: pageSize,
      });
      let received = 0;
      let last: Position | undefined;
      let finished = false;
      try {
        for await (const resolved of read) {
          received++;
          const event = resolved.event;
          if (!event) continue;
          const position = event.position;
          if (cursor && !isPast(position, cursor, direction)) continue;
          last = position;
          if (!isBeyond(position.commit, after, direction)) continue;
          if (!matchesFilter(event.type, event.streamId, filter)) continue;
          yield toRecordedEvent(event, resolved.commitPosition);
          if (--remaining <= 0) break;
        }
        finished = remaining > 0;
      } finally {
        if (!finished) await cancelQuietly(read);
      }
      if (remaining <= 0 || received < pageSize || !last) return;
      from = last;
      cursor = last;
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const { after, filter } = options;
    const source = this.client.subscribeToAll({
      fromPosition: subscriptionStart(after),
      filter: subscriptionFilter(filter),
    });
    const subscription = new EsdbAllSubscription(source, acceptSubscribed(after, filter), options.onCaughtUp, () =>
      this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The last event `readAll` would yield: system events (stats, links, metadata) are skipped. */
  async headPosition(): Promise<bigint> {
    for await (const event of this.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return -1n;
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    const { metadata } = await this.client.getStreamMetadata(streamId);
    return fromClientStreamMetadata(metadata);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.client.setStreamMetadata(streamId, toClientStreamMetadata(metadata));
  }

  /** Soft delete (`deleteStream`, not `tombstoneStream`): a later append brings the stream back. */
  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    const expected = options.expectedRevision ?? 'any';
    if (expected !== 'stream_exists') {
      await this.deleteAt(streamId, expected, expected === 'any' ? ANY : expected === 'no_stream' ? NO_STREAM : expected);
      return;
    }
    // The client's delete cannot express `stream_exists`: delete at the revision the stream is
    // seen at, and look again if an append got in between.
    for (let attempt = 1; ; attempt++) {
      const actual = await this.currentRevision(streamId);
      if (actual === 'no_stream') throw new WrongExpectedVersionError(streamId, expected, actual);
      try {
        await this.deleteAt(streamId, expected, actual);
        return;
      } catch (error) {
        const moved = error instanceof WrongExpectedVersionError && error.actual !== 'no_stream';
        if (!moved || attempt >= DELETE_ATTEMPTS) throw error;
      }
    }
  }

  /** Reads the last event of `$all` (system events included): fails when the server does not answer. */
  async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`EventStoreDB did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    const answer = (async () => {
      for await (const resolved of read) void resolved;
    })();
    try {
      await Promise.race([answer, timeout]);
    } catch (error) {
      void cancelQuietly(read);
      read.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    // Disposing cancels the subscriptions' calls, which the client swallows as a client-side
    // cancellation: end their iterations first, or their consumers would wait forever.
    await Promise.all([...this.subscriptions].map((subscription) => subscription.unsubscribe()));
    await this.client.dispose();
  }

  private async deleteAt(streamId: string, expected: ExpectedRevision, revision: EsdbExpectedRevision): Promise<void> {
    try {
      await this.client.deleteStream(streamId, { expectedRevision: revision });
    } catch (error) {
      throw toPortError(error, streamId, expected);
    }
  }

  /** The revision of a stream's last event, or `'no_stream'` (missing or soft-deleted). */
  private async currentRevision(streamId: string): Promise<ActualRevision> {
    for await (const event of this.readStream(streamId, { direction: 'backwards', maxCount: 1 })) return event.revision;
    return 'no_stream';
  }

  /**
   * The `$all` position of a stream's event. When it cannot be known (the event was truncated
   * away since, or the server predates positions on stream reads) the head position stands in:
   * callers use append positions to wait for projections, and waiting a little longer is safe.
   */
  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    for await (const event of this.readStream(streamId, { fromRevision: revision, maxCount: 1 })) {
      if (event.revision === revision && event.position >= 0n) return event.position;
    }
    return this.headPosition();
  }
}

/** The catch-up subscription's client-side half: bounds, filter and system events. */
function acceptSubscribed(
  after: bigint | undefined,
  filter: EventFilter | undefined,
): (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined {
  return (resolved) => {
    const event = resolved.event;
    if (!event) return undefined;
    if (!matchesFilter(event.type, event.streamId, filter)) return undefined;
    const recorded = toRecordedEvent(event, resolved.commitPosition);
    // Catch-up subscriptions start strictly after `fromPosition` on current servers; checking
    // again costs nothing and keeps the port's exclusive bound on any server.
    return isBeyond(recorded.position, after, 'forwards') ? recorded : undefined;
  };
}

function isPast(position: Position, cursor: Position, direction: Direction): boolean {
  const order = comparePositions(position, cursor);
  return direction === 'backwards' ? order < 0 : order > 0;
}

function isMissingStream(error: unknown): boolean {
  return (
    error instanceof Error &&
    isCommandError(error) &&
    (error.type === ErrorType.STREAM_NOT_FOUND || error.type === ErrorType.STREAM_DELETED)
  );
}

function toPortError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof EsdbWrongExpectedVersionError) {
    return new WrongExpectedVersionError(streamId, expected, toActualRevision(error.actualVersion));
  }
  return error;
}

async function cancelQuietly(read: { cancel(): Promise<void> }): Promise<void> {
  try {
    await read.cancel();
  } catch {
    // The call is being abandoned either way; a failure to cancel it changes nothing.
  }
}

const CAUGHT_UP: unique symbol = Symbol('caught-up');

/** Events queued ahead of the consumer before the source is paused (gRPC flow control takes over). */
const HIGH_WATER = 256;
const LOW_WATER = 64;

/**
 * A port subscription over the client's catch-up subscription (a Node stream). Events are queued
 * in order; the caught-up signal is queued behind the last event that preceded it, so
 * `onCaughtUp` runs once every earlier event has been handed to the consumer (the consumer asks
 * for the next one). An error, or the server ending the call, ends the iteration with an error
 * after the queued events; `unsubscribe` (or leaving a `for await`) ends it without one.
 */
export class EsdbAllSubscription implements AllSubscription {
  private readonly queue: Array<RecordedEvent | typeof CAUGHT_UP> = [];
  private received = 0;
  private caughtUpAt: number | undefined;
  private caughtUpSeen = false;
  private failure: { error: unknown } | undefined;
  private stopped = false;
  private paused = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly accept: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
    private readonly onCaughtUp: (() => void) | undefined,
    private readonly onStop: () => void = () => undefined,
  ) {
    source.on('data', (resolved: AllStreamResolvedEvent) => this.onData(resolved));
    source.on('caughtUp', () => this.onSourceCaughtUp());
    source.on('error', (error: Error) => this.fail(error));
    source.on('end', () => this.fail(new Error('EventStoreDB ended the subscription to $all')));
    source.on('close', () => this.fail(new Error('the subscription to $all was closed')));
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  async unsubscribe(): Promise<void> {
    if (this.stopped) return;
    this.stop();
    try {
      await this.source.unsubscribe();
    } catch {
      // The call never opened (e.g. the server was unreachable): there is nothing to cancel.
    }
    this.source.destroy();
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.stopped) return { done: true, value: undefined };
      const item = this.queue.shift();
      if (item !== undefined) {
        if (this.paused && this.queue.length <= LOW_WATER) {
          this.paused = false;
          this.source.resume();
        }
        if (item !== CAUGHT_UP) return { done: false, value: item };
        this.signalCaughtUp();
        continue;
      }
      if (this.failure) {
        const { error } = this.failure;
        void this.unsubscribe();
        throw error;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  private signalCaughtUp(): void {
    if (!this.onCaughtUp) return;
    try {
      this.onCaughtUp();
    } catch (error) {
      void this.unsubscribe();
      throw error;
    }
  }

  private onData(resolved: AllStreamResolvedEvent): void {
    if (this.stopped || this.failure) return;
    this.received++;
    let event: RecordedEvent | undefined;
    try {
      event = this.accept(resolved);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (event) this.queue.push(event);
    if (this.caughtUpAt !== undefined && this.received >= this.caughtUpAt) {
      this.caughtUpAt = undefined;
      this.queue.push(CAUGHT_UP);
    }
    if (!this.paused && this.queue.length >= HIGH_WATER) {
      this.paused = true;
      this.source.pause();
    }
    this.notify();
  }

  /**
   * The client emits 'caughtUp' while transforming the server's message, possibly before the
   * events ahead of it have left the stream's buffer: count those in, so the signal follows them.
   * The server may send it again after falling behind; the port's callback runs once.
   */
  private onSourceCaughtUp(): void {
    if (this.caughtUpSeen || this.stopped) return;
    this.caughtUpSeen = true;
    const buffered = this.source.readableLength;
    if (buffered === 0) {
      this.queue.push(CAUGHT_UP);
      this.notify();
    } else {
      this.caughtUpAt = this.received + buffered;
    }
  }

  private fail(error: unknown): void {
    if (this.stopped || this.failure) return;
    this.failure = { error };
    this.notify();
  }

  private stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.onStop();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
