import type { EventStore, RecordedEvent } from '../src/core/event-store';

/**
 * The same store, calling `onDelivered` for every event its `$all` subscriptions deliver: lets the
 * CLI report a runner's catch-up, which has no progress hook of its own (and, being a chain of
 * promise callbacks over a local store, gives no timer a chance to fire until it is done).
 */
export function observeSubscriptions(store: EventStore, onDelivered: (event: RecordedEvent) => void): EventStore {
  return {
    appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll(options) {
      const subscription = store.subscribeToAll(options);
      return {
        unsubscribe: () => subscription.unsubscribe(),
        async *[Symbol.asyncIterator]() {
          for await (const event of subscription) {
            onDelivered(event);
            yield event;
          }
        },
      };
    },
    headPosition: () => store.headPosition(),
    getStreamMetadata: (streamId) => store.getStreamMetadata(streamId),
    setStreamMetadata: (streamId, metadata) => store.setStreamMetadata(streamId, metadata),
    deleteStream: (streamId, options) => store.deleteStream(streamId, options),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
