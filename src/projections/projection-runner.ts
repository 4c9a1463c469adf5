import type { EventStore, RecordedEvent } from '../core/event-store';
import type { ReadStore } from '../core/read-store';
import type { Leaderboards } from '../core/leaderboard';
import { EventPages } from './event-pages';
import { applyEvents, ensureIndexes, loadCheckpoint, Projection, ProjectionModels, projectionModels, ProjectionSources, saveCheckpoint } from './projection';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  leaderboards?: Leaderboards;
  /** First wait before resubscribing after a dropped subscription; doubles up to 30 s. */
  retryDelayMs?: number;
  logger?: RunnerLogger;
  /**
   * Most events handed at once to a projection that takes pages (`applyBatch`); 500 by default.
   * Projections without it get one event at a time, as always.
   */
  maxPageSize?: number;
}

const DEFAULT_MAX_PAGE_SIZE = 500;

const silent: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Keeps one projection up to date: catches up from its checkpoint, then follows `$all` live.
 * The checkpoint (stored beside the read model) advances after every applied event, or after
 * every applied page for a projection that takes pages (`applyBatch`: the events that have
 * already arrived, up to `maxPageSize`, see ./event-pages). It never passes an event that was
 * not applied, anything at or before it is skipped, so a re-delivered event is not applied twice,
 * and a dropped subscription is reopened from it.
 */
export class ProjectionRunner {
  private readonly models: ProjectionModels;
  private readonly logger: RunnerLogger;
  private readonly retryDelayMs: number;
  private readonly maxPageSize: number;
  private readonly sources: ProjectionSources;
  private checkpoint = -1n;
  private running: Promise<void> | undefined;
  private subscription: { unsubscribe(): Promise<void> } | undefined;
  private stopping = false;
  private caughtUpOnce = false;
  private waiters: Array<() => void> = [];
  private onFirstCatchUp: (() => void) | undefined;
  /** Set when the subscription reports it has caught up: the last position it had handed over then. */
  private caughtUpAt: bigint | undefined;
  failures = 0;

  constructor(
    private readonly store: EventStore,
    readStore: ReadStore,
    readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.models = projectionModels(readStore, projection);
    this.logger = options.logger ?? silent;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxPageSize = projection.applyBatch ? (options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE) : 1;
    this.sources = { store, leaderboards: options.leaderboards };
  }

  get position(): bigint {
    return this.checkpoint;
  }

  get isCaughtUp(): boolean {
    return this.caughtUpOnce;
  }

  /** Starts following; resolves once the history that existed at the start has been applied. */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    this.caughtUpOnce = false;
    const caughtUp = new Promise<void>((resolve) => (this.onFirstCatchUp = resolve));
    this.running = this.follow();
    await caughtUp;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.unsubscribe();
    this.onFirstCatchUp?.();
    this.wakeWaiters();
    await this.running;
    this.running = undefined;
  }

  /** Resolves when every event of this projection's types up to `position` has been applied. */
  async waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.hasApplied(position))) {
      if (Date.now() > deadline) throw new Error(`projection ${this.projection.name} did not reach ${position} in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async hasApplied(position: bigint): Promise<boolean> {
    if (this.checkpoint >= position) return true;
    for await (const next of this.store.readAll({ after: this.checkpoint, maxCount: 1, filter: { eventTypes: this.projection.eventTypes } })) {
      return next.position > position;
    }
    return true;
  }

  private async follow(): Promise<void> {
    let delay = this.retryDelayMs;
    while (!this.stopping) {
      try {
        await ensureIndexes(this.projection, this.models);
        this.checkpoint = await loadCheckpoint(this.models);
        this.caughtUpAt = undefined;
        // The subscription says it has caught up once it has handed over the history; with pages,
        // the last of it may still be being applied: caught up counts once that is done.
        let pages: EventPages | undefined;
        const subscription = this.store.subscribeToAll({
          after: this.checkpoint < 0n ? undefined : this.checkpoint,
          filter: { eventTypes: this.projection.eventTypes },
          onCaughtUp: () => {
            this.caughtUpAt = pages?.lastPosition ?? this.checkpoint;
            this.signalCaughtUp();
          },
        });
        this.subscription = subscription;
        pages = new EventPages(subscription[Symbol.asyncIterator](), this.maxPageSize);
        try {
          for (let page = await pages.next(); page; page = await pages.next()) {
            await this.applyPage(page);
            delay = this.retryDelayMs;
          }
        } finally {
          // Ends a read-ahead still waiting for the next event, then lets the subscription go.
          await subscription.unsubscribe().catch(() => undefined);
          await pages.close();
        }
      } catch (error) {
        if (this.stopping) break;
        this.failures++;
        this.logger.warn(`projection ${this.projection.name}: subscription dropped (${(error as Error).message}); resubscribing from ${this.checkpoint} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async applyPage(page: readonly RecordedEvent[]): Promise<void> {
    const fresh = page.filter((event) => event.position > this.checkpoint);
    if (fresh.length > 0) {
      const last = fresh[fresh.length - 1].position;
      await applyEvents(this.projection, fresh, this.models, this.sources);
      await saveCheckpoint(this.models, last);
      this.checkpoint = last;
      this.wakeWaiters();
    }
    this.signalCaughtUp();
  }

  /** Caught up: the subscription has handed over its history, and all of it is applied. */
  private signalCaughtUp(): void {
    if (this.caughtUpAt === undefined || this.checkpoint < this.caughtUpAt) return;
    this.caughtUpAt = undefined;
    if (!this.caughtUpOnce) this.logger.log(`projection ${this.projection.name} v${this.projection.version} caught up at ${this.checkpoint}`);
    this.caughtUpOnce = true;
    this.onFirstCatchUp?.();
    this.onFirstCatchUp = undefined;
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
