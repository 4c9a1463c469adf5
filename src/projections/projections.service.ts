import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { EventStore } from '../core/event-store';
import type { LeaseManager } from '../core/lease/types';
import { LEADERBOARDS, Leaderboards } from '../core/leaderboard';
import type { ReadStore } from '../core/read-store';
import { EVENT_STORE, LEASES, READ_STORE } from '../core/tokens';
import { DEFAULT_LEASE_TTL_MS, Leader } from '../infra/lease/leader';
import { ALL_PROJECTIONS } from './index';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** How long a command's response waits for its own events to reach the read model. */
const SETTLE_TIMEOUT_MS = 2000;

/**
 * Runs every projection (and every saga added with `addSaga`) of this process. Embedded, there is
 * one process: start-up waits until each has caught up. With leases (several instances sharing
 * the stores), each runs only in the instance holding its lease, and start-up does not wait.
 */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  private readonly all = new Map<string, ProjectionRunner>();
  private readonly leaders: Leader[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(LEADERBOARDS) private readonly leaderboards: Leaderboards,
    @Optional() @Inject(LEASES) private readonly leases?: LeaseManager | null,
  ) {
    for (const projection of ALL_PROJECTIONS) this.add(projection);
  }

  get runners(): ReadonlyMap<string, ProjectionRunner> {
    return this.all;
  }

  /** Sagas run like projections (checkpointed, leased); call before the application starts. */
  addSaga(saga: Projection): void {
    this.add(saga);
  }

  private add(projection: Projection): void {
    this.all.set(projection.name, new ProjectionRunner(this.store, this.readStore, projection, { logger: this.logger, leaderboards: this.leaderboards }));
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    if (this.leases) {
      for (const [name, runner] of this.all) {
        const leader = new Leader(this.leases, `projection:${name}`, DEFAULT_LEASE_TTL_MS, {
          onElected: () => runner.start(),
          onDeposed: () => runner.stop(),
        });
        leader.start();
        this.leaders.push(leader);
      }
      this.logger.log(`${this.all.size} projection(s) and saga(s) run wherever their lease is held`);
      return;
    }
    await Promise.all([...this.all.values()].map((runner) => runner.start()));
    this.logger.log(`${this.all.size} projection(s) and saga(s) caught up in ${Date.now() - started} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.leaders.length > 0) await Promise.all(this.leaders.map((leader) => leader.stop()));
    else await Promise.all([...this.all.values()].map((runner) => runner.stop()));
  }

  runner(projection: Pick<Projection, 'name'>): ProjectionRunner {
    const runner = this.all.get(projection.name);
    if (!runner) throw new Error(`projection ${projection.name} is not running`);
    return runner;
  }

  /**
   * Lets a command's response wait (briefly) until the read model shows the command's events,
   * so a client reads its own writes; past the timeout it answers anyway: the model is eventual.
   * (When another instance holds the projection's lease, this instance's runner is idle: the
   * wait then ends at the timeout, and the read model is whatever the leader wrote.)
   */
  async settle(projection: Pick<Projection, 'name'>, position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    const runner = this.runner(projection);
    if (this.leases && !runner.isCaughtUp) return;
    try {
      await runner.waitFor(position, SETTLE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`${projection.name} is lagging: ${(error as Error).message}`);
    }
  }
}
