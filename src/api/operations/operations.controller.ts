import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { EventStore } from '../../core/event-store';
import type { ReadStore } from '../../core/read-store';
import { EVENT_STORE, READ_STORE } from '../../core/tokens';
import { ProjectionsService } from '../../projections/projections.service';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../http/error-body';
import { MetricsService } from './metrics.service';

const PING_TIMEOUT_MS = 2000;

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly projections: ProjectionsService,
    private readonly metrics: MetricsService,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every configured store answers and every projection has caught up once. */
  @Get('ready')
  async ready(): Promise<{ status: 'ready'; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    const probe = async (name: string, ping: () => Promise<void>) => {
      try {
        await withTimeout(ping(), PING_TIMEOUT_MS);
        checks[name] = 'ok';
      } catch (error) {
        checks[name] = `unreachable: ${(error as Error).message}`;
      }
    };
    await Promise.all([probe('event_store', () => this.eventStore.ping()), probe('read_store', () => this.readStore.ping())]);
    for (const [name, runner] of this.projections.runners) checks[`projection:${name}`] = runner.isCaughtUp ? 'ok' : 'catching up';
    if (Object.values(checks).some((v) => v !== 'ok')) {
      const details = Object.entries(checks).map(([check, state]) => ({ check, message: state }));
      throw new ApiError(503, 'not_ready', 'a store is unreachable or a projection is catching up', details);
    }
    return { status: 'ready', checks };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);
}
