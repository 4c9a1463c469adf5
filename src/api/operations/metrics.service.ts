import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ProjectionsService } from '../../projections/projections.service';

/** Prometheus metrics of this process: HTTP traffic, projection positions, Node's defaults. */
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

  constructor(projections: ProjectionsService) {
    collectDefaultMetrics({ register: this.registry });
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
  }
}
