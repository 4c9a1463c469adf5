import type { EventMetadata } from '../../../../core/event-store';

/** The metadata of a test event: only its id matters to the store's tests. */
export function testMetadata(eventId: string): EventMetadata {
  return { eventId, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
}
