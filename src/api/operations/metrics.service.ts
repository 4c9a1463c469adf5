import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Commerce } from '../../core/commerce/types';
import { COMMERCE, STORE_COMMIT_DURATIONS } from '../../core/tokens';
import { CIRCUIT_STATES, HttpCommerce } from '../../infra/commerce';
import type { CommitDurationSnapshot } from '../../infra/event-store/sqlite/commit-durations';
import { ProjectionsService } from '../../projections/projections.service';
import { ActivityParserPool } from '../../write/workouts/import/parser-pool/activity-parser-pool';

type ParserPoolStats = ReturnType<ActivityParserPool['stats']>;

const PARSER_POOL_GAUGES: ReadonlyArray<[name: string, help: string, read: (stats: ParserPoolStats) => number]> = [
  ['import_parser_threads', 'Activity file parser threads running (at most IMPORT_PARSER_THREADS)', (stats) => stats.threads],
  ['import_parser_threads_busy', 'Parser threads reading a file', (stats) => stats.busy],
  ['import_parser_files_waiting', 'Imported files waiting for a free parser thread (at most IMPORT_QUEUE_LIMIT)', (stats) => stats.waiting],
];

/** Prometheus metrics of this process: HTTP traffic, projection positions, the import parser pool, the store API's circuit, Node's defaults. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(
    projections: ProjectionsService,
    parserPool: ActivityParserPool,
    @Inject(STORE_COMMIT_DURATIONS) commitDurations: (() => CommitDurationSnapshot) | null,
    @Inject(COMMERCE) commerce: Commerce,
  ) {
    collectDefaultMetrics({ register: this.registry });
    // prom-client's typings know only its own metric classes; its registry asks a metric for its name and get() alone.
    if (commitDurations) this.registry.registerMetric(commitDurationHistogram(commitDurations) as unknown as Histogram);
    new Gauge({
      name: 'projection_checkpoint_position',
      help: 'The $all position each projection has applied up to',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect() {
        for (const [name, runner] of projections.runners) this.set({ projection: name }, Number(runner.position));
      },
    });
    new Gauge({
      name: 'projection_subscription_failures',
      help: 'Times a projection subscription dropped and was reopened',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect() {
        for (const [name, runner] of projections.runners) this.set({ projection: name }, runner.failures);
      },
    });
    let loopSinceLastScrape = performance.eventLoopUtilization();
    new Gauge({
      name: 'nodejs_eventloop_utilization',
      help: 'Share of the time since the last scrape that the event loop was busy (0 to 1)',
      registers: [this.registry],
      collect() {
        const now = performance.eventLoopUtilization();
        this.set(performance.eventLoopUtilization(now, loopSinceLastScrape).utilization);
        loopSinceLastScrape = now;
      },
    });
    if (commerce instanceof HttpCommerce) {
      new Gauge({
        name: 'commerce_circuit_state',
        help: "The store API's circuit breaker (COMMERCE_URL): 1 for its current state, 0 for the others",
        labelNames: ['state'] as const,
        registers: [this.registry],
        collect() {
          for (const state of CIRCUIT_STATES) this.set({ state }, state === commerce.state ? 1 : 0);
        },
      });
    }
    // WorkoutsWriteModule keeps the pool to itself (not exported), so it is looked up across
    // modules, and only when scraped: by then every module's providers exist.
    const parserPoolStats = () => parserPool.stats();
    for (const [name, help, read] of PARSER_POOL_GAUGES) {
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read(parserPoolStats()));
        },
      });
    }
  }
}

const COMMIT_DURATION = 'event_store_commit_duration_seconds';

/**
 * The embedded store's transactions (group commits with their fsync), counted on its writer thread
 * (CommitDurations): a histogram prom-client did not observe itself, so it is written out as one.
 */
function commitDurationHistogram(read: () => CommitDurationSnapshot) {
  const header = {
    name: COMMIT_DURATION,
    help: 'Embedded event store: how long each transaction (a group commit and its fsync) took on the writer thread',
    type: 'histogram',
    aggregator: 'sum',
  } as const;
  return {
    ...header,
    reset() {},
    async get() {
      const { buckets, count, sumSeconds } = read();
      return {
        ...header,
        values: [
          ...buckets.map(({ le, count: atMost }) => ({ metricName: `${COMMIT_DURATION}_bucket`, labels: { le }, value: atMost })),
          { metricName: `${COMMIT_DURATION}_bucket`, labels: { le: '+Inf' }, value: count },
          { metricName: `${COMMIT_DURATION}_sum`, labels: {}, value: sumSeconds },
          { metricName: `${COMMIT_DURATION}_count`, labels: {}, value: count },
        ],
      };
    },
  };
}
