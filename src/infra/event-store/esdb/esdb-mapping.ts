/**
 * Pure translations between the EventStore port (src/core/event-store) and the types of
 * `@eventstore/db-client` 6.x. Nothing here talks to a server, so all of it is unit-tested.
 */
import {
  ANY,
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  Filter,
  JSONType,
  Position,
  ReadPosition,
  ReadStreamOptions as ClientReadStreamOptions,
  StreamMetadata as ClientStreamMetadata,
} from '@eventstore/db-client';
import type {
  ActualRevision,
  Direction,
  EventFilter,
  EventMetadata,
  ExpectedRevision,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
} from '../../../core/event-store';

// ---------------------------------------------------------------------------------------------
// Expected and actual revisions
// ---------------------------------------------------------------------------------------------

/** The port's expectation as the client's: the same four cases, under the client's constants. */
export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/**
 * The revision a server reported a stream at, in the port's terms. The client reports a missing
 * stream as `'no_stream'`, but a few server paths report it as revision -1 (e.g. the
 * `actual-version` header of a failed delete), so any negative revision also means "no stream".
 */
export function toActualRevision(current: CurrentRevision): ActualRevision {
  if (current === NO_STREAM) return 'no_stream';
  return current < 0n ? 'no_stream' : current;
}


// ---------------------------------------------------------------------------------------------
// $all positions
// ---------------------------------------------------------------------------------------------

/** 2^63: positions and revisions at or above it are the server's "-1 as unsigned" (unknown). */
const UNSIGNED_MINUS_ONE_FLOOR = 1n << 63n;

/**
 * The port's `$all` position is the commit part of EventStoreDB's (commit, prepare) pair. To hand
 * one back to the client we rebuild the pair as `{ commit: p, prepare: p }`: for every event
 * written by a regular (implicit-transaction) append, current EventStoreDB servers record the
 * commit and the prepare position as the same log position (the record's own position; the
 * gRPC read path reports them equal since 20.6.1). Only the legacy TCP API's explicit
 * transactions produce events whose prepare position differs from their commit position, and
 * this application never writes those.
 */
export function toClientPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** False for a position the server could not provide (absent, or -1 sent as an unsigned 64-bit). */
export function isKnownPosition(position: Position | undefined): position is Position {
  return position !== undefined && position.commit >= 0n && position.commit < UNSIGNED_MINUS_ONE_FLOOR;
}

/** Orders two client positions: commit first, then prepare. */
export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** Where a `readAll` starts, or `'nothing'` when no event can lie beyond `after`. */
export function readAllStart(after: bigint | undefined, direction: Direction): ReadPosition | 'nothing' {
  if (direction === 'backwards') {
    if (after === undefined) return END;
    // Positions are >= 0, so nothing lies strictly before 0 (or before a negative "none yet").
    return after <= 0n ? 'nothing' : toClientPosition(after);
  }
  // A negative `after` (e.g. headPosition()'s -1n for an empty store) means "from the start".
  return after === undefined || after < 0n ? START : toClientPosition(after);
}

/** Where a catch-up subscription starts: strictly after `after`, or the start of `$all`. */
export function subscriptionStart(after: bigint | undefined): ReadPosition {
  return after === undefined || after < 0n ? START : toClientPosition(after);
}

/**
 * Whether a commit position lies strictly beyond the port's exclusive bound, in the direction of
 * travel. The client's `fromPosition` is inclusive for forward reads, may or may not include the
 * event at the position for backward reads and subscriptions depending on the server, so every
 * read re-checks the bound itself.
 */
export function isBeyond(commit: bigint, after: bigint | undefined, direction: Direction): boolean {
  if (after === undefined) return true;
  return direction === 'backwards' ? commit < after : commit > after;
}

// ---------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------

/** System events (`$metadata`, `$>` links, `$statsCollected`, ...) never leave the adapter. */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/** Escapes regex metacharacters; the escapes used are valid in .NET regexes (the server's). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching exactly one of `types` (anchored, each name escaped). */
export function exactEventTypesRegex(types: readonly string[]): string {
  return `^(${types.map(escapeRegex).join('|')})$`;
}

/**
 * The complete filter, applied client side to every event the server sends (whatever the
 * server-side filter was): system events are always out; an empty list lets nothing through.
 */
export function matchesFilter(type: string, streamId: string, filter: EventFilter | undefined): boolean {
  if (isSystemEventType(type)) return false;
  if (filter?.eventTypes && !filter.eventTypes.includes(type)) return false;
  if (filter?.streamPrefixes && !filter.streamPrefixes.some((prefix) => streamId.startsWith(prefix))) return false;
  return true;
}

/**
 * The server-side filter of a subscription to `$all`. The server filters on one property only
 * (event type or stream name), so when the port's filter has both, event types go to the server
 * (exact types are normally the more selective of the two) and stream prefixes stay with
 * `matchesFilter` on the client. System events are excluded by the server whenever the chosen
 * filter can express it, and always by `matchesFilter`.
 */
export function subscriptionFilter(filter: EventFilter | undefined): Filter {
  const types = filter?.eventTypes?.filter((type) => !isSystemEventType(type));
  if (types && types.length > 0) return eventTypeFilter({ regex: exactEventTypesRegex(types) });
  // An explicit list that only names system types (or nothing) matches nothing: keep the
  // server's traffic small and let the client-side check drop the rest.
  if (types) return excludeSystemEvents();
  const prefixes = filter?.streamPrefixes;
  if (prefixes && prefixes.length > 0) return streamNameFilter({ prefixes: [...prefixes] });
  return excludeSystemEvents();
}

// ---------------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------------

/** Stream-read options: fromRevision is inclusive in both directions, as in the port. */
export function toClientReadStreamOptions(options: ReadStreamOptions): ClientReadStreamOptions {
  const backwards = options.direction === 'backwards';
  const clientOptions: ClientReadStreamOptions = {
    direction: backwards ? BACKWARDS : FORWARDS,
    fromRevision: options.fromRevision ?? (backwards ? END : START),
  };
  if (options.maxCount !== undefined) clientOptions.maxCount = options.maxCount;
  return clientOptions;
}

/** The fields of the client's recorded event (stream or `$all` read) that the port needs. */
export interface ClientRecordedEventLike {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/**
 * A recorded event in the port's shape. `position` is the commit position; stream reads carry it
 * only on servers >= 22.6 (older ones send -1), in which case `fallbackCommit` (a resolved
 * event's `commitPosition`) is used, and -1n when there is none either.
 */
export function toRecordedEvent(event: ClientRecordedEventLike, fallbackCommit?: bigint): RecordedEvent {
  const recordedAt = event.created.toISOString();
  let position = -1n;
  if (isKnownPosition(event.position)) position = event.position.commit;
  else if (fallbackCommit !== undefined && isKnownPosition({ commit: fallbackCommit, prepare: fallbackCommit })) {
    position = fallbackCommit;
  }
  return {
    streamId: event.streamId,
    type: event.type,
    data: event.isJson ? event.data : decodeBinaryData(event.data),
    metadata: toEventMetadata(event.metadata, event.id, recordedAt),
    revision: event.revision,
    position,
    recordedAt,
  };
}

/** Events written by other tools as binary: JSON if the bytes are JSON, else the bytes as-is. */
function decodeBinaryData(data: unknown): unknown {
  if (!(data instanceof Uint8Array)) return data;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8')) as unknown;
  } catch {
    return data;
  }
}

/**
 * The event's metadata as written by this application (all EventMetadata fields). For an event
 * written by something else, the missing fields are filled so the result still honours the
 * type: `eventId` from the event's own id; correlation and causation from EventStoreDB's
 * `$correlationId`/`$causationId` convention, else the event itself (it starts its own chain);
 * `occurredAt` from the recorded time; `schemaVersion` 1; `actorId` empty (unknown). Fields
 * beyond EventMetadata's are kept.
 */
export function toEventMetadata(raw: unknown, eventId: string, recordedAt: string): EventMetadata {
  const source = isRecord(raw) ? raw : {};
  const text = (key: string): string | undefined => {
    const value = source[key];
    return typeof value === 'string' ? value : undefined;
  };
  const id = text('eventId') ?? eventId;
  return {
    ...source,
    eventId: id,
    correlationId: text('correlationId') ?? text('$correlationId') ?? id,
    causationId: text('causationId') ?? text('$causationId') ?? id,
    actorId: text('actorId') ?? '',
    occurredAt: text('occurredAt') ?? recordedAt,
    schemaVersion: typeof source.schemaVersion === 'number' ? source.schemaVersion : 1,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

// ---------------------------------------------------------------------------------------------
// Appends
// ---------------------------------------------------------------------------------------------

/**
 * A new event as the client's JSON event. The event id is the metadata's `eventId` (it must be
 * a UUID: EventStoreDB rejects anything else), which is what makes a repeated append idempotent.
 */
export function toEventData(event: NewEvent): EventData {
  if (event.data === undefined) throw new TypeError(`event ${event.type}: data must be a JSON value`);
  return jsonEvent({
    id: event.metadata.eventId,
    type: event.type,
    // The client serialises `data` with JSON.stringify, so any JSON value works; its typing only
    // names objects, arrays and strings.
    data: event.data as JSONType,
    metadata: { ...event.metadata },
  });
}

// ---------------------------------------------------------------------------------------------
// Stream metadata
// ---------------------------------------------------------------------------------------------

/** Keys the client maps to EventStoreDB's reserved `$`-keys (`$tb`, `$maxCount`, `$acl`, ...). */
const CLIENT_SYSTEM_METADATA_KEYS: ReadonlySet<string> = new Set([
  'maxAge',
  'truncateBefore',
  'cacheControl',
  'maxCount',
  'acl',
]);

/** int64.MaxValue: the `$tb` EventStoreDB writes when it soft-deletes a stream. */
const INT64_MAX = (1n << 63n) - 1n;

/**
 * The port's metadata as the client's. Custom fields go at the top level of the metadata JSON
 * (EventStoreDB's convention, so other tools see them); a custom key the client would turn into
 * a reserved `$`-key, or a `$`-key itself, is refused rather than silently reinterpreted.
 * `truncateBefore` must fit a JS number, as the client writes it as a JSON number.
 */
export function toClientStreamMetadata(metadata: StreamMetadata): ClientStreamMetadata {
  const result: ClientStreamMetadata = {};
  for (const [key, value] of Object.entries(metadata.custom ?? {})) {
    if (CLIENT_SYSTEM_METADATA_KEYS.has(key) || key.startsWith('$')) {
      throw new TypeError(`custom stream metadata key "${key}" is reserved by EventStoreDB`);
    }
    result[key] = value;
  }
  if (metadata.truncateBefore !== undefined) {
    const truncateBefore = Number(metadata.truncateBefore);
    if (!Number.isSafeInteger(truncateBefore) || truncateBefore < 0) {
      throw new RangeError(`truncateBefore ${metadata.truncateBefore} cannot be written as stream metadata`);
    }
    result.truncateBefore = truncateBefore;
  }
  if (metadata.maxCount !== undefined) result.maxCount = metadata.maxCount;
  return result;
}

/**
 * The client's metadata (already translated from `$tb`, `$maxCount`, ...) in the port's terms.
 * ACLs, maxAge and cacheControl have no place in the port and are left out, as is any other
 * `$`-key. A `$tb` too large for a JS number (the int64.MaxValue of a soft delete, which JSON
 * parsing rounds) reads as int64.MaxValue.
 */
export function fromClientStreamMetadata(metadata: Record<string, unknown> | undefined): StreamMetadata {
  const result: StreamMetadata = {};
  if (!metadata) return result;
  const custom: Record<string, unknown> = {};
  let hasCustom = false;
  for (const [key, value] of Object.entries(metadata)) {
    if (key === 'truncateBefore') {
      const truncateBefore = toRevision(value);
      if (truncateBefore !== undefined) result.truncateBefore = truncateBefore;
    } else if (key === 'maxCount') {
      if (typeof value === 'number') result.maxCount = value;
    } else if (!CLIENT_SYSTEM_METADATA_KEYS.has(key) && !key.startsWith('$')) {
      custom[key] = value;
      hasCustom = true;
    }
  }
  if (hasCustom) result.custom = custom;
  return result;
}

function toRevision(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  if (!Number.isSafeInteger(value)) return value >= 2 ** 63 - 1 ? INT64_MAX : BigInt(Math.trunc(value));
  return BigInt(value);
}
