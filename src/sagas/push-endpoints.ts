import type { EventStore, RecordedEvent } from '../core/event-store';
import { PUSH_ENDPOINT_EVENT_TYPES, PushEndpointRemoved, PushEndpointSet } from '../write/identity/events';

/**
 * Which users have a push endpoint now, as the write side knows it: a user has one when their
 * last PushEndpointSet / PushEndpointRemoved event is a PushEndpointSet (only a registered user
 * can set one). Each lookup first reads the endpoint events appended since the previous lookup,
 * through the event-type index (usually none), so checking a finished workout's 1,000 followers
 * is one small query instead of 1,000 user-stream loads.
 */
export class PushEndpoints {
  private readonly withEndpoint = new Set<string>();
  private readUpTo: bigint | undefined;
  private reading: Promise<void> | undefined;

  constructor(readonly store: EventStore) {}

  /** Those of `userIds` who have a push endpoint now. */
  async reachable(userIds: readonly string[]): Promise<Set<string>> {
    await this.catchUp();
    const reachable = new Set<string>();
    for (const userId of userIds) if (this.withEndpoint.has(userId)) reachable.add(userId);
    return reachable;
  }

  /** One read at a time; a lookup arriving during a read waits for it and then reads what came after. */
  private async catchUp(): Promise<void> {
    while (this.reading) await this.reading;
    this.reading = this.readNewEvents();
    try {
      await this.reading;
    } finally {
      this.reading = undefined;
    }
  }

  private async readNewEvents(): Promise<void> {
    for await (const recorded of this.store.readAll({ after: this.readUpTo, filter: { eventTypes: PUSH_ENDPOINT_EVENT_TYPES } })) {
      const event = recorded as RecordedEvent & (PushEndpointSet | PushEndpointRemoved);
      if (event.type === 'PushEndpointSet') this.withEndpoint.add(event.data.user_id);
      else this.withEndpoint.delete(event.data.user_id);
      this.readUpTo = recorded.position;
    }
  }
}
