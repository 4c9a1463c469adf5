import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { AllSubscription, EventStore } from '../../core/event-store';
import { EVENT_STORE } from '../../core/tokens';
import type { TelemetryRecorded, WorkoutEvent } from '../../write/workouts/events';

export type LiveMessage =
  | { kind: 'points'; seq: number; points: TelemetryRecorded['data']['points'] }
  | { kind: 'finished' }
  | { kind: 'discarded' };

type Listener = (message: LiveMessage) => void;

interface Following {
  stopped: boolean;
  subscription?: AllSubscription;
  done: Promise<void>;
}

/**
 * Fans new telemetry out to live viewers of a workout. It follows `$all` from the head only while
 * someone is watching (no checkpoint: a viewer only wants what happens from now on), so the
 * telemetry of thousands of unwatched workouts is not read back and parsed for nobody.
 */
@Injectable()
export class LiveTelemetryHub implements OnApplicationShutdown {
  private readonly logger = new Logger('live');
  private readonly listeners = new Map<string, Set<Listener>>();
  private following: Following | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.stopFollowing();
  }

  /** Calls `listener` for each new message about the workout; returns the unsubscribe function. */
  watch(workoutId: string, listener: Listener): () => void {
    let set = this.listeners.get(workoutId);
    if (!set) this.listeners.set(workoutId, (set = new Set()));
    set.add(listener);
    if (!this.following) this.startFollowing();
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(workoutId) === set) this.listeners.delete(workoutId);
      if (this.listeners.size === 0) void this.stopFollowing();
    };
  }

  get viewers(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Whether the hub is reading the log now (only while someone watches). */
  get isFollowing(): boolean {
    return this.following !== undefined;
  }

  private startFollowing(): void {
    const following: Following = { stopped: false, done: Promise.resolve() };
    following.done = this.follow(following);
    this.following = following;
  }

  private async stopFollowing(): Promise<void> {
    const following = this.following;
    if (!following) return;
    this.following = undefined;
    following.stopped = true;
    await following.subscription?.unsubscribe();
    await following.done;
  }

  private async follow(following: Following): Promise<void> {
    let position: bigint | undefined;
    while (!following.stopped) {
      try {
        position ??= await this.store.headPosition();
        if (following.stopped) return;
        following.subscription = this.store.subscribeToAll({
          after: position < 0n ? undefined : position,
          filter: { eventTypes: ['TelemetryRecorded', 'WorkoutCompleted', 'WorkoutDiscarded'] },
        });
        for await (const recorded of following.subscription) {
          position = recorded.position;
          this.deliver(recorded as typeof recorded & WorkoutEvent);
        }
      } catch (error) {
        if (following.stopped) return;
        this.logger.warn(`live subscription dropped (${(error as Error).message}); resubscribing`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private deliver(event: WorkoutEvent): void {
    const listeners = this.listeners.get(event.data.workout_id);
    if (!listeners) return;
    const message: LiveMessage =
      event.type === 'TelemetryRecorded'
        ? { kind: 'points', seq: event.data.seq, points: event.data.points }
        : { kind: event.type === 'WorkoutCompleted' ? 'finished' : 'discarded' };
    for (const listener of [...listeners]) listener(message);
  }
}
