import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module';
import { setUpOpenApi } from './api/openapi';
import { apiValidationPipe } from './api/http/validation.pipe';
import { MetricsService } from './api/operations/metrics.service';
import { TokenService } from './api/auth/token.service';
import { registerTelemetryIngestRoute } from './api/workouts/telemetry-ingest.route';
import type { Settings } from './config/settings';
import { openRuntime, Runtime } from './infra/runtime';
import { ACTIVITY_CONTENT_TYPES, MAX_IMPORT_BYTES } from './write/workouts/import';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const LOG_LEVELS: Record<Settings['logLevel'], LogLevel[] | false> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
  silent: false,
};

export interface App {
  nest: NestFastifyApplication;
  runtime: Runtime;
  /** The address it listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/** Builds the whole application on the adapters the settings choose, and starts listening. */
export async function startApp(settings: Settings): Promise<App> {
  const runtime = await openRuntime(settings);
  const adapter = new FastifyAdapter({
    bodyLimit: settings.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  configureBodies(adapter);
  let nest: NestFastifyApplication;
  try {
    nest = await NestFactory.create<NestFastifyApplication>(AppModule.with(runtime), adapter, {
      // Fastify's own JSON parser, made once: Nest's wraps it per request around a Buffer copy of the body.
      bodyParser: false,
      logger: LOG_LEVELS[settings.logLevel],
      bufferLogs: false,
      abortOnError: false,
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  // Forms keep Nest's parser (bodyParser: false above dropped it with the JSON one).
  nest.useBodyParser('application/x-www-form-urlencoded');
  nest.useGlobalPipes(apiValidationPipe());
  nest.enableShutdownHooks();
  installHttpHooks(nest);
  registerTelemetryIngestRoute(nest.getHttpAdapter().getInstance(), { commands: nest.get(CommandBus), tokens: nest.get(TokenService) });
  setUpOpenApi(nest);
  await nest.listen({ port: settings.port, host: settings.host, backlog: settings.listenBacklog });
  const address = nest.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  const url = `http://${settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host}:${port}`;
  new Logger('app').log(`listening on ${url}; ${Object.entries(runtime.describe()).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
  return {
    nest,
    runtime,
    url,
    async close() {
      await nest.close();
      await runtime.close();
    },
  };
}

type Observer = { observe(seconds: number): void };

/** Request ids on every response, and request metrics. (Errors, Fastify's own included, reach AllExceptionsFilter.) */
function installHttpHooks(nest: NestFastifyApplication): void {
  const fastify = nest.getHttpAdapter().getInstance();
  const metrics = nest.get(MetricsService);
  // Callback hooks: on every request, an async hook costs a promise and a microtask each.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  // One histogram child per method, route and status, looked up by a string key: observe() with a
  // labels object hashes the labels again on every request.
  const durations = new Map<string, Observer>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let observer = durations.get(key);
    if (!observer) durations.set(key, (observer = metrics.httpDuration.labels(request.method, route, String(reply.statusCode))));
    observer.observe(reply.elapsedTime / 1000);
    done();
  });
}

/** Activity files arrive as raw bytes, up to their own limit (telemetry batches have a tighter one, see telemetry-ingest.route.ts). */
function configureBodies(adapter: FastifyAdapter): void {
  const fastify = adapter.getInstance();
  fastify.addContentTypeParser(Object.values(ACTIVITY_CONTENT_TYPES), { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (_request, body, done) => done(null, body));
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/v1/workouts/import') route.bodyLimit = MAX_IMPORT_BYTES;
  });
}
