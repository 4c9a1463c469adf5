import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AllSubscription, EventStore } from '../../core/event-store';
import type { ReadStore } from '../../core/read-store';
import { EVENT_STORE, READ_STORE } from '../../core/tokens';
import { Notification, NOTIFYING_EVENT_TYPES, notificationsFor } from '../../projections/notifications/notifications-for';
import { liveNotificationLookups } from './notification-lookups';

type Listener = (notification: Notification) => void;

/**
 * Pushes new notifications to the users connected to `GET /v1/notifications/stream` on this
 * instance. Every instance follows `$all` from its head on its own; nothing is checkpointed,
 * because a live stream only carries what happens while it is open (the inbox has the rest).
 */
@Injectable()
export class NotificationHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('notification-stream');
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscription: AllSubscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.running = this.follow(await this.store.headPosition());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.running;
  }

  watch(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  private async follow(from: bigint): Promise<void> {
    const lookups = liveNotificationLookups(this.readStore);
    let position = from;
    while (!this.stopped) {
      try {
        this.subscription = this.store.subscribeToAll({ after: position < 0n ? undefined : position, filter: { eventTypes: NOTIFYING_EVENT_TYPES } });
        for await (const event of this.subscription) {
          position = event.position;
          if (this.listeners.size === 0) continue;
          for (const { recipient_id, notification } of await notificationsFor(event, lookups)) {
            for (const listener of [...(this.listeners.get(recipient_id) ?? [])]) listener(notification);
          }
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`subscription dropped (${(error as Error).message}); resubscribing`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
