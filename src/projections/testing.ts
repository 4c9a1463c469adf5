import { randomUUID } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '../core/event-store';
import type { Projection } from './projection';

/** A deliberately non-idempotent projection: it counts events per stream by incrementing. */
export function countingProjection(eventTypes: readonly string[], onApply?: (event: RecordedEvent) => void): Projection {
  return {
    name: 'event_counts',
    version: 1,
    eventTypes,
    collections: ['counts'],
    async apply(event, models) {
      onApply?.(event);
      const counts = models.collection<{ count: number }>('counts');
      const current = await counts.get(event.streamId);
      await counts.put(event.streamId, { count: (current?.count ?? 0) + 1 });
    },
  };
}

/** The counting projection, taking pages: `onPage` sees each page before it is applied (and may throw to fail it, writing nothing). */
export function countingPagesProjection(eventTypes: readonly string[], onPage?: (events: readonly RecordedEvent[]) => void | Promise<void>): Projection {
  const counting = countingProjection(eventTypes);
  return {
    ...counting,
    async applyBatch(events, models) {
      await onPage?.(events);
      const counts = models.collection<{ count: number }>('counts');
      const perStream = new Map<string, number>();
      for (const event of events) perStream.set(event.streamId, (perStream.get(event.streamId) ?? (await counts.get(event.streamId))?.count ?? 0) + 1);
      await counts.putMany([...perStream].map(([streamId, count]) => [streamId, { count }] as const));
    },
  };
}

export function profileUpdate(userId: string, displayName: string): NewEvent {
  return {
    type: 'UserProfileUpdated',
    data: { user_id: userId, display_name: displayName },
    metadata: {
      eventId: randomUUID(),
      correlationId: 'test',
      causationId: 'test',
      actorId: userId,
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

export function registration(userId: string, email: string): NewEvent {
  return {
    type: 'UserRegistered',
    data: {
      user_id: userId,
      email,
      display_name: email.split('@')[0],
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      roles: [],
      default_visibility: 'everyone',
    },
    metadata: {
      eventId: randomUUID(),
      correlationId: 'test',
      causationId: 'test',
      actorId: userId,
      occurredAt: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}
