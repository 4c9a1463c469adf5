import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../core/event-store';
import type { ReadStore } from '../core/read-store';
import { EVENT_STORE, READ_STORE } from '../core/tokens';
import { ALL_PROJECTIONS } from './index';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** How long a command's response waits for its own events to reach the read model. */
const SETTLE_TIMEOUT_MS = 2000;

/** Runs every projection in this process; start-up waits until each has caught up. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  readonly runners: ReadonlyMap<string, ProjectionRunner>;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    this.runners = new Map(ALL_PROJECTIONS.map((p) => [p.name, new ProjectionRunner(store, readStore, p, { logger: this.logger })]));
  }

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await Promise.all([...this.runners.values()].map((runner) => runner.start()));
    this.logger.log(`${this.runners.size} projection(s) caught up in ${Date.now() - started} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  runner(projection: Projection): ProjectionRunner {
    const runner = this.runners.get(projection.name);
    if (!runner) throw new Error(`projection ${projection.name} is not running`);
    return runner;
  }

  /**
   * Lets a command's response wait (briefly) until the read model shows the command's events,
   * so a client reads its own writes; past the timeout it answers anyway: the model is eventual.
   */
  async settle(projection: Projection, position: bigint | undefined): Promise<void> {
    if (position === undefined) return;
    try {
      await this.runner(projection).waitFor(position, SETTLE_TIMEOUT_MS);
    } catch (error) {
      this.logger.warn(`${projection.name} is lagging: ${(error as Error).message}`);
    }
  }
}
