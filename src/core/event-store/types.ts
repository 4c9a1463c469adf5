/** The metadata every event carries (see ARCHITECTURE.md, "Streams and events"). */
export interface EventMetadata {
  eventId: string;
  correlationId: string;
  causationId: string;
  actorId: string;
  /** ISO-8601 instant at which the decision was taken. */
  occurredAt: string;
  schemaVersion: number;
  requestId?: string;
}

export interface NewEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  metadata: EventMetadata;
}

export interface RecordedEvent<TType extends string = string, TData = unknown> {
  streamId: string;
  type: TType;
  data: TData;
  metadata: EventMetadata;
  /** Zero-based position of the event inside its stream. */
  revision: bigint;
  /** Position in the global `$all` log; strictly increasing with append order. */
  position: bigint;
  /** When the store recorded the event (ISO-8601). */
  recordedAt: string;
}

/** EventStoreDB's optimistic-concurrency expectations. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendResult {
  /** Revision of the last event now in the stream; pass it as the next expected revision. */
  nextExpectedRevision: bigint;
  /** `$all` position of the last event of the append. */
  position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Defaults to the first event going forwards and the last going backwards. */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface EventFilter {
  /** Keep only events of these types. */
  eventTypes?: readonly string[];
  /** Keep only events whose stream id starts with one of these prefixes (e.g. `user-`). */
  streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  direction?: Direction;
  /**
   * Exclusive lower bound going forwards (events strictly after it), exclusive upper bound
   * going backwards. Omit to start at the beginning (forwards) or the end (backwards).
   */
  after?: bigint;
  maxCount?: number;
  filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: the subscription delivers events strictly after this position. Omit for the start. */
  after?: bigint;
  filter?: EventFilter;
  /** Called once, when the subscription has delivered every event that existed when it started. */
  onCaughtUp?: () => void;
}

/**
 * A catch-up subscription: iterate it with `for await`. It delivers the history, then goes live.
 * A dropped connection ends the iteration with an error; it never reconnects by itself.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  unsubscribe(): Promise<void>;
}

export interface StreamMetadata {
  /** Events before this revision are hidden from reads (EventStoreDB's `$tb`). */
  truncateBefore?: bigint;
  maxCount?: number;
  /** Free-form fields of the caller's own. */
  custom?: Record<string, unknown>;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Yields nothing for a stream that does not exist or was deleted. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Position of the last event in `$all`, or -1n for an empty store. */
  headPosition(): Promise<bigint>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  /**
   * Soft delete: the stream reads as absent, and a later append starts it again with
   * revisions continuing after the deleted ones (as in EventStoreDB).
   */
  deleteStream(streamId: string, options?: { expectedRevision?: ExpectedRevision }): Promise<void>;
  /** Checks the store answers; throws when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
