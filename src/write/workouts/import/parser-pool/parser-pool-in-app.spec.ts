import { App, client, embeddedSettings, ErrorShape, startApp } from '../../../../../test/support/http';
import { ACTIVITY_CONTENT_TYPES } from '../content-types';
import { readActivityFixture } from '../testing/fixtures';
import { largeGpx } from '../testing/large-gpx';
import { ActivityParserPool } from './activity-parser-pool';

const GPX = ACTIVITY_CONTENT_TYPES.gpx;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An application on the embedded stores with one registered user, and its parser pool. */
function appWith(overrides: Record<string, string>) {
  const env = embeddedSettings(overrides);
  const running: { app?: App; token?: string; closed?: boolean } = {};
  const http = client(() => running.app!);
  beforeAll(async () => {
    running.app = await startApp(env.settings());
    const registered = await http.post<{ token: string }>('/v1/auth/register', { email: 'pool@example.com', password: 'password-1', display_name: 'Pool' });
    running.token = registered.body.token;
  });
  afterAll(async () => {
    if (!running.closed) await running.app?.close();
    env.cleanup();
  });
  return {
    http,
    app: () => running.app!,
    close: async () => {
      running.closed = true;
      await running.app!.close();
    },
    pool: () => running.app!.nest.get(ActivityParserPool),
    importFile: (body: Buffer) => http.call<ErrorShape>('POST', '/v1/workouts/import', { raw: body, headers: { 'content-type': GPX }, token: running.token }),
  };
}

describe('the parser pool in the application', () => {
  describe('with the default settings', () => {
    const { http, pool, importFile } = appWith({});

    it('answers other requests while it reads a large import', async () => {
      const imported = importFile(largeGpx(8_000));
      while (pool().stats().busy === 0) await sleep(2);
      // Answers that came while the file was still being read; the rest of the import (events,
      // projections) runs on the event loop afterwards, as before.
      let answeredWhileReading = 0;
      while (pool().stats().busy > 0) {
        expect((await http.get('/health')).status).toBe(200);
        if (pool().stats().busy > 0) answeredWhileReading += 1;
      }
      expect((await imported).status).toBe(201);
      expect(answeredWhileReading).toBeGreaterThanOrEqual(3);
    });
  });

  describe('with one thread and no waiting line', () => {
    const { http, pool, app, close, importFile } = appWith({ IMPORT_PARSER_THREADS: '1', IMPORT_QUEUE_LIMIT: '0' });

    it("answers an import it has no room for with 503 too_many_imports in the API's error shape and a Retry-After, and appends nothing", async () => {
      const head = await app().runtime.eventStore.headPosition();
      const occupying = pool().parse(largeGpx(8_000), GPX);
      const refused = await importFile(readActivityFixture('run.gpx'));
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({
        code: 'too_many_imports',
        message: 'the server is already reading 1 activity file; try again in a minute',
        details: [],
      });
      expect(refused.headers.get('retry-after')).toBe('60');
      // The refusal's cause, as /metrics shows it.
      const metrics = await http.get<string>('/metrics');
      expect(metrics.body).toMatch(/^import_parser_threads 1$/m);
      expect(metrics.body).toMatch(/^import_parser_threads_busy 1$/m);
      expect(metrics.body).toMatch(/^import_parser_files_waiting 0$/m);
      await occupying;
      expect(await app().runtime.eventStore.headPosition()).toBe(head);
      expect((await importFile(readActivityFixture('run.gpx'))).status).toBe(201);
    });

    it('stops its threads when the application closes', async () => {
      const parserPool = pool();
      expect(parserPool.stats().threads).toBe(1);
      await close();
      expect(parserPool.stats()).toEqual({ threads: 0, busy: 0, waiting: 0 });
    });
  });
});
