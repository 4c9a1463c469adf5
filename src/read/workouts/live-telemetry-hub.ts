import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AllSubscription, EventStore } from '../../core/event-store';
import { EVENT_STORE } from '../../core/tokens';
import type { TelemetryRecorded, WorkoutEvent } from '../../write/workouts/events';

export type LiveMessage =
  | { kind: 'points'; seq: number; points: TelemetryRecorded['data']['points'] }
  | { kind: 'finished' }
  | { kind: 'discarded' };

type Listener = (message: LiveMessage) => void;

/**
 * Fans new telemetry out to live viewers of a workout. Every instance follows `$all` from its
 * head on its own (no checkpoint: a viewer only wants what happens from now on).
 */
@Injectable()
export class LiveTelemetryHub implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('live');
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscription: AllSubscription | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationBootstrap(): Promise<void> {
    const head = await this.store.headPosition();
    this.running = this.follow(head);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.subscription?.unsubscribe();
    await this.running;
  }

  /** Calls `listener` for each new message about the workout; returns the unsubscribe function. */
  watch(workoutId: string, listener: Listener): () => void {
    let set = this.listeners.get(workoutId);
    if (!set) this.listeners.set(workoutId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workoutId);
    };
  }

  get viewers(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private async follow(from: bigint): Promise<void> {
    let position = from;
    while (!this.stopped) {
      try {
        this.subscription = this.store.subscribeToAll({
          after: position < 0n ? undefined : position,
          filter: { eventTypes: ['TelemetryRecorded', 'WorkoutCompleted', 'WorkoutDiscarded'] },
        });
        for await (const recorded of this.subscription) {
          position = recorded.position;
          const event = recorded as typeof recorded & WorkoutEvent;
          const listeners = this.listeners.get(event.data.workout_id);
          if (!listeners) continue;
          const message: LiveMessage =
            event.type === 'TelemetryRecorded'
              ? { kind: 'points', seq: event.data.seq, points: event.data.points }
              : { kind: event.type === 'WorkoutCompleted' ? 'finished' : 'discarded' };
          for (const listener of [...listeners]) listener(message);
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(`live subscription dropped (${(error as Error).message}); resubscribing`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}
