import { eventTypeFilter, excludeSystemEvents, streamNameFilter } from '@eventstore/db-client';
import { expectationHolds, type EventFilter, type EventMetadata } from '../../../core/event-store';
import {
  ClientRecordedEventLike,
  comparePositions,
  escapeRegex,
  exactEventTypesRegex,
  fromClientStreamMetadata,
  isBeyond,
  isKnownPosition,
  matchesFilter,
  readAllStart,
  subscriptionFilter,
  subscriptionStart,
  toActualRevision,
  toClientExpectedRevision,
  toClientPosition,
  toClientReadStreamOptions,
  toClientStreamMetadata,
  toEventData,
  toEventMetadata,
  toRecordedEvent,
} from './esdb-mapping';

const metadata: EventMetadata = {
  eventId: '5f0c4a4e-4b7e-4bd6-9c8e-0d1f2a3b4c5d',
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actorId: 'actor-1',
  occurredAt: '2026-11-22T10:00:00.000Z',
  schemaVersion: 2,
  requestId: 'req-1',
};

describe('expected revisions', () => {
  it('maps each port expectation to the client constant or the revision itself', () => {
    expect(toClientExpectedRevision('any')).toBe('any');
    expect(toClientExpectedRevision('no_stream')).toBe('no_stream');
    expect(toClientExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toClientExpectedRevision(7n)).toBe(7n);
  });

  it("reads the server's actual revision, a negative one meaning no stream", () => {
    expect(toActualRevision('no_stream')).toBe('no_stream');
    expect(toActualRevision(-1n)).toBe('no_stream');
    expect(toActualRevision(0n)).toBe(0n);
    expect(toActualRevision(41n)).toBe(41n);
  });

  it.each([
    ['any', 'no_stream', true],
    ['any', 3n, true],
    ['no_stream', 'no_stream', true],
    ['no_stream', 0n, false],
    ['stream_exists', 'no_stream', false],
    ['stream_exists', 0n, true],
    [2n, 2n, true],
    [2n, 3n, false],
    [0n, 'no_stream', false],
  ] as const)('expected %p holds at actual %p: %p', (expected, actual, holds) => {
    expect(expectationHolds(expected, actual)).toBe(holds);
  });
});

describe('$all positions', () => {
  it('rebuilds a commit position as a (commit, prepare) pair of the same value', () => {
    expect(toClientPosition(1234n)).toEqual({ commit: 1234n, prepare: 1234n });
  });

  it('treats an absent position or -1 sent as an unsigned 64-bit number as unknown', () => {
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: 18446744073709551615n, prepare: 18446744073709551615n })).toBe(false);
    expect(isKnownPosition({ commit: -1n, prepare: -1n })).toBe(false);
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(true);
  });

  it('orders positions by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 9n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(1);
    expect(comparePositions({ commit: 2n, prepare: 2n }, { commit: 2n, prepare: 2n })).toBe(0);
  });

  it('starts forward reads at the start or at the exclusive bound', () => {
    expect(readAllStart(undefined, 'forwards')).toBe('start');
    expect(readAllStart(-1n, 'forwards')).toBe('start');
    expect(readAllStart(500n, 'forwards')).toEqual({ commit: 500n, prepare: 500n });
  });

  it('starts backward reads at the end or at the bound, and knows nothing lies before 0', () => {
    expect(readAllStart(undefined, 'backwards')).toBe('end');
    expect(readAllStart(500n, 'backwards')).toEqual({ commit: 500n, prepare: 500n });
    expect(readAllStart(0n, 'backwards')).toBe('nothing');
    expect(readAllStart(-1n, 'backwards')).toBe('nothing');
  });

  it('starts subscriptions at the start of $all or at the exclusive bound', () => {
    expect(subscriptionStart(undefined)).toBe('start');
    expect(subscriptionStart(-1n)).toBe('start');
    expect(subscriptionStart(77n)).toEqual({ commit: 77n, prepare: 77n });
  });

  it('keeps the exclusive bound itself out, in both directions', () => {
    expect(isBeyond(100n, undefined, 'forwards')).toBe(true);
    expect(isBeyond(100n, 100n, 'forwards')).toBe(false);
    expect(isBeyond(101n, 100n, 'forwards')).toBe(true);
    expect(isBeyond(99n, 100n, 'forwards')).toBe(false);
    expect(isBeyond(100n, 100n, 'backwards')).toBe(false);
    expect(isBeyond(99n, 100n, 'backwards')).toBe(true);
    expect(isBeyond(101n, 100n, 'backwards')).toBe(false);
  });
});

describe('filters', () => {
  it('escapes regex metacharacters and anchors exact event types', () => {
    expect(escapeRegex('a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o')).toBe('a\\.b\\*c\\+d\\?e\\^f\\$g\\{h\\}i\\(j\\)k\\|l\\[m\\]n\\\\o');
    expect(exactEventTypesRegex(['WorkoutStarted', 'Shoe.Worn'])).toBe('^(WorkoutStarted|Shoe\\.Worn)$');
    const regex = new RegExp(exactEventTypesRegex(['WorkoutStarted', 'Shoe.Worn']));
    expect(regex.test('WorkoutStarted')).toBe(true);
    expect(regex.test('ShoeXWorn')).toBe(false);
    expect(regex.test('WorkoutStartedAgain')).toBe(false);
  });

  it('excludes system events on the server when there is no filter', () => {
    expect(subscriptionFilter(undefined)).toEqual(excludeSystemEvents());
    expect(subscriptionFilter({})).toEqual(excludeSystemEvents());
  });

  it('filters exact event types on the server with an anchored regex', () => {
    const filter = subscriptionFilter({ eventTypes: ['WorkoutStarted', 'ShoeWorn'] });
    expect(filter).toEqual(eventTypeFilter({ regex: '^(WorkoutStarted|ShoeWorn)$' }));
    expect(filter.filterOn).toBe('eventType');
  });

  it('filters stream prefixes on the server when there are no event types', () => {
    const filter = subscriptionFilter({ streamPrefixes: ['user-', 'shoe-'] });
    expect(filter).toEqual(streamNameFilter({ prefixes: ['user-', 'shoe-'] }));
    expect(filter.filterOn).toBe('streamName');
  });

  it('sends event types to the server when both kinds are given (prefixes stay client side)', () => {
    const filter: EventFilter = { eventTypes: ['ShoeWorn'], streamPrefixes: ['shoe-'] };
    expect(subscriptionFilter(filter)).toEqual(eventTypeFilter({ regex: '^(ShoeWorn)$' }));
    expect(matchesFilter('ShoeWorn', 'shoe-1', filter)).toBe(true);
    expect(matchesFilter('ShoeWorn', 'user-1', filter)).toBe(false);
  });

  it('never asks the server for system types, and falls back to excluding them', () => {
    expect(subscriptionFilter({ eventTypes: ['$metadata', 'A'] })).toEqual(eventTypeFilter({ regex: '^(A)$' }));
    expect(subscriptionFilter({ eventTypes: ['$metadata'] })).toEqual(excludeSystemEvents());
    expect(subscriptionFilter({ eventTypes: [] })).toEqual(excludeSystemEvents());
  });

  it('applies the whole filter client side, system events always out', () => {
    expect(matchesFilter('$statsCollected', '$stats-127.0.0.1:2113', undefined)).toBe(false);
    expect(matchesFilter('$>', 'user-1', { streamPrefixes: ['user-'] })).toBe(false);
    expect(matchesFilter('$metadata', 'user-1', { eventTypes: ['$metadata'] })).toBe(false);
    expect(matchesFilter('UserRegistered', 'user-1', undefined)).toBe(true);
    expect(matchesFilter('UserRegistered', 'user-1', { eventTypes: ['UserRegistered'] })).toBe(true);
    expect(matchesFilter('UserRenamed', 'user-1', { eventTypes: ['UserRegistered'] })).toBe(false);
    expect(matchesFilter('UserRegistered', 'group-1', { streamPrefixes: ['user-'] })).toBe(false);
    expect(matchesFilter('UserRegistered', 'user-1', { eventTypes: [] })).toBe(false);
    expect(matchesFilter('UserRegistered', 'user-1', { streamPrefixes: [] })).toBe(false);
  });
});

describe('stream reads', () => {
  it('reads forwards from the start by default and backwards from the end', () => {
    expect(toClientReadStreamOptions({})).toEqual({ direction: 'forwards', fromRevision: 'start' });
    expect(toClientReadStreamOptions({ direction: 'backwards' })).toEqual({ direction: 'backwards', fromRevision: 'end' });
  });

  it('passes an inclusive revision and a maximum count through', () => {
    expect(toClientReadStreamOptions({ direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual({
      direction: 'backwards',
      fromRevision: 3n,
      maxCount: 2,
    });
  });
});

describe('recorded events', () => {
  const base: ClientRecordedEventLike = {
    streamId: 'workout-1',
    id: metadata.eventId,
    type: 'WorkoutStarted',
    revision: 4n,
    created: new Date('2026-11-22T10:00:01.000Z'),
    isJson: true,
    data: { distance: 5 },
    metadata: { ...metadata },
    position: { commit: 9000n, prepare: 9000n },
  };

  it('maps stream, type, data, metadata, revision, commit position and recorded time', () => {
    expect(toRecordedEvent(base)).toEqual({
      streamId: 'workout-1',
      type: 'WorkoutStarted',
      data: { distance: 5 },
      metadata,
      revision: 4n,
      position: 9000n,
      recordedAt: '2026-11-22T10:00:01.000Z',
    });
  });

  it('uses the resolved commit position, then -1n, when the record carries none', () => {
    const unknown = { commit: 18446744073709551615n, prepare: 18446744073709551615n };
    expect(toRecordedEvent({ ...base, position: unknown }, 8000n).position).toBe(8000n);
    expect(toRecordedEvent({ ...base, position: undefined }).position).toBe(-1n);
  });

  it('decodes JSON written as binary, and keeps other bytes as they are', () => {
    const json = new Uint8Array(Buffer.from('{"a":1}'));
    expect(toRecordedEvent({ ...base, isJson: false, data: json }).data).toEqual({ a: 1 });
    const bytes = new Uint8Array([0xff, 0x00]);
    expect(toRecordedEvent({ ...base, isJson: false, data: bytes }).data).toBe(bytes);
  });

  it('fills metadata fields an event written elsewhere lacks', () => {
    expect(toEventMetadata(undefined, 'id-1', '2026-01-01T00:00:00.000Z')).toEqual({
      eventId: 'id-1',
      correlationId: 'id-1',
      causationId: 'id-1',
      actorId: '',
      occurredAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    });
    expect(
      toEventMetadata({ $correlationId: 'c', $causationId: 'k', extra: true }, 'id-1', '2026-01-01T00:00:00.000Z'),
    ).toMatchObject({ eventId: 'id-1', correlationId: 'c', causationId: 'k', extra: true });
    expect(toEventMetadata(new Uint8Array([1, 2]), 'id-2', '2026-01-01T00:00:00.000Z').eventId).toBe('id-2');
  });

  it('keeps the eventId of the metadata over the record id', () => {
    expect(toEventMetadata({ ...metadata }, 'other-id', '2026-01-01T00:00:00.000Z')).toEqual(metadata);
  });
});

describe('appends', () => {
  it('writes a JSON event whose id is the metadata eventId and whose metadata has every field', () => {
    const data = toEventData({ type: 'WorkoutStarted', data: { at: 1 }, metadata });
    expect(data).toEqual({
      id: metadata.eventId,
      contentType: 'application/json',
      type: 'WorkoutStarted',
      data: { at: 1 },
      metadata,
    });
  });

  it('refuses undefined data', () => {
    expect(() => toEventData({ type: 'X', data: undefined, metadata })).toThrow(TypeError);
  });
});

describe('stream metadata', () => {
  it('writes truncateBefore as a number, maxCount, and custom fields at the top level', () => {
    expect(toClientStreamMetadata({ truncateBefore: 2n, maxCount: 10, custom: { owner: 'u1' } })).toEqual({
      truncateBefore: 2,
      maxCount: 10,
      owner: 'u1',
    });
    expect(toClientStreamMetadata({})).toEqual({});
  });

  it('refuses custom keys the client or the server would reinterpret', () => {
    expect(() => toClientStreamMetadata({ custom: { maxCount: 3 } })).toThrow(TypeError);
    expect(() => toClientStreamMetadata({ custom: { $tb: 3 } })).toThrow(TypeError);
  });

  it('refuses a truncateBefore a JSON number cannot hold', () => {
    expect(() => toClientStreamMetadata({ truncateBefore: 1n << 60n })).toThrow(RangeError);
  });

  it('reads truncateBefore, maxCount and the custom fields back', () => {
    expect(fromClientStreamMetadata({ truncateBefore: 2, maxCount: 10, owner: 'u1' })).toEqual({
      truncateBefore: 2n,
      maxCount: 10,
      custom: { owner: 'u1' },
    });
    expect(fromClientStreamMetadata(undefined)).toEqual({});
    expect(fromClientStreamMetadata({ truncateBefore: 5 })).toEqual({ truncateBefore: 5n });
  });

  it("leaves out ACLs, maxAge, cacheControl and unknown $-keys", () => {
    expect(
      fromClientStreamMetadata({ acl: { readRoles: ['$all'] }, maxAge: 60, cacheControl: 5, $custom: 1, kept: 'yes' }),
    ).toEqual({ custom: { kept: 'yes' } });
  });

  it("reads a soft delete's rounded int64.MaxValue as int64.MaxValue", () => {
    expect(fromClientStreamMetadata({ truncateBefore: 9223372036854775807 }).truncateBefore).toBe(9223372036854775807n);
  });
});
