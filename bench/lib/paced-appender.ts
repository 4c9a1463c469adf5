/**
 * A background write load at a fixed rate: every `tickMs` it appends, straight to an event store,
 * as many single-event appends as are due by then (rate x elapsed time, minus those already
 * issued), each to the stream the caller's `next()` names. The appends of one tick arrive in the
 * same tick, so a group-committing store (SqliteEventStore) commits them together. A late tick
 * (a busy event loop) issues what fell due meanwhile in one bigger batch, so the offered rate is
 * kept whatever the timer does; the appends are not awaited before the next tick, so a slow
 * commit does not slow the offered rate either. What the store actually took is counted.
 */
import type { EventStore, NewEvent } from '../../src/core/event-store';

export interface PacedAppendFigures {
  /** Appends issued (offered) and appends the store confirmed. */
  issued: number;
  appended: number;
  failed: number;
  firstError?: string;
  seconds: number;
  /** Confirmed appends per second over the whole window (start to stop, in-flight ones awaited). */
  achievedPerSec: number;
  ticks: number;
  meanBatch: number;
  maxBatch: number;
}

export class PacedAppender {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0n;
  private issued = 0;
  private appended = 0;
  private failed = 0;
  private firstError: string | undefined;
  private ticks = 0;
  private maxBatch = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly perSec: number,
    private readonly tickMs: number,
    private readonly next: () => { streamId: string; event: NewEvent },
  ) {}

  start(): void {
    if (this.timer) return;
    this.startedAt = process.hrtime.bigint();
    const tick = (): void => {
      const elapsedS = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
      // At most one second's worth in one tick: a stall longer than that is not made up for.
      const due = Math.min(Math.floor(elapsedS * this.perSec) - this.issued, this.perSec);
      for (let i = 0; i < due; i++) {
        const { streamId, event } = this.next();
        this.issued++;
        const append = this.store.appendToStream(streamId, [event]).then(
          () => void this.appended++,
          (error: unknown) => {
            this.failed++;
            this.firstError ??= error instanceof Error ? error.message : String(error);
          },
        );
        this.inFlight.add(append);
        void append.finally(() => this.inFlight.delete(append));
      }
      if (due > 0) {
        this.ticks++;
        this.maxBatch = Math.max(this.maxBatch, due);
      }
      this.timer = setTimeout(tick, this.tickMs);
    };
    this.timer = setTimeout(tick, this.tickMs);
  }

  /** Appends confirmed so far (for progress lines). */
  get confirmed(): number {
    return this.appended;
  }

  /** Stops issuing, waits for the appends in flight, and says what was achieved. */
  async stop(): Promise<PacedAppendFigures> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    return {
      issued: this.issued,
      appended: this.appended,
      failed: this.failed,
      ...(this.firstError ? { firstError: this.firstError } : {}),
      seconds,
      achievedPerSec: this.appended / seconds,
      ticks: this.ticks,
      meanBatch: this.ticks > 0 ? this.issued / this.ticks : 0,
      maxBatch: this.maxBatch,
    };
  }
}
