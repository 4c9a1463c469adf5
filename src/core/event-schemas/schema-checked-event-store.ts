import type {
  AllSubscription,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../event-store';
import type { EventSchemaRegistry } from './schema-registry';

/**
 * Wraps any EventStore adapter: every event of an append is checked against its schema before
 * anything is written (a bad event never reaches the store), and every event read is upcast.
 */
export class SchemaCheckedEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  appendToStream(streamId: string, events: readonly NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    try {
      for (const event of events) this.schemas.check(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.inner.appendToStream(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.upcastAll(this.inner.readStream(streamId, options));
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.upcastAll(this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const subscription = this.inner.subscribeToAll(options);
    const upcast = this.upcastAll(subscription);
    return {
      unsubscribe: () => subscription.unsubscribe(),
      [Symbol.asyncIterator]: () => upcast[Symbol.asyncIterator](),
    };
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }
  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamId);
  }
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamId, metadata);
  }
  deleteStream(streamId: string, options?: { expectedRevision?: ExpectedRevision }): Promise<void> {
    return this.inner.deleteStream(streamId, options);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  private async *upcastAll(source: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
    for await (const event of source) yield this.schemas.upcast(event);
  }
}
