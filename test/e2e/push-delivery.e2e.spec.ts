import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppProcess } from '../support/app-process';
import { waitUntil } from '../support/eventually';
import { App, client, embeddedSettings, startApp } from '../support/http';
import { startWebhookServer } from '../support/webhook-server';

type User = { user_id: string; token: string };


describe('push delivery to webhook endpoints', () => {
  describe('in one process', () => {
    const env = embeddedSettings({ JOB_BACKOFF_MS: '20', JOB_MAX_ATTEMPTS: '4' });
    let app: App;
    const http = client(() => app);
    let webhook: Awaited<ReturnType<typeof startWebhookServer>>;
    const register = async (name: string) =>
      (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;

    beforeAll(async () => {
      webhook = await startWebhookServer();
      app = await startApp(env.settings());
    });
    afterAll(async () => {
      await app.close();
      await webhook.stop();
      env.cleanup();
    });

    it('retries an endpoint that fails three times, and the message arrives exactly once per dedup key', async () => {
      const [ann, bob] = [await register('ann'), await register('bob')];
      expect((await http.put('/v1/me/push-endpoint', { url: webhook.url }, bob.token)).status).toBe(204);
      let failures = 0;
      webhook.behave(() => (failures++ < 3 ? 500 : 200));
      await http.put(`/v1/users/${bob.user_id}/follow`, undefined, ann.token);
      await waitUntil(() => webhook.accepted('follower').size === 1);
      await app.runtime.jobQueue.drained(5000);
      const attempts = webhook.deliveries.filter((d) => d.body.kind === 'follower');
      expect(attempts.map((d) => d.status)).toEqual([500, 500, 500, 200]);
      expect(new Set(attempts.map((d) => d.key)).size).toBe(1);
      expect(attempts.map((d) => d.attempt)).toEqual(['1', '2', '3', '4']);
      expect(attempts[3].body).toMatchObject({ recipient_id: bob.user_id, kind: 'follower', actor_id: ann.user_id });
      expect([...webhook.accepted('follower').values()]).toEqual([1]);
    });

    it('puts a message for an endpoint that always fails in the dead-letter list', async () => {
      const [cat, dee] = [await register('cat'), await register('dee')];
      await http.put('/v1/me/push-endpoint', { url: webhook.url }, dee.token);
      webhook.behave((delivery) => (delivery.body.recipient_id === dee.user_id ? 503 : 200));
      await http.put(`/v1/users/${dee.user_id}/follow`, undefined, cat.token);
      await waitUntil(async () => (await app.runtime.jobQueue.deadLetters('push')).some((job) => JSON.stringify(job.payload).includes(dee.user_id)));
      const [dead] = (await app.runtime.jobQueue.deadLetters('push')).filter((job) => JSON.stringify(job.payload).includes(dee.user_id));
      expect(dead.attempts).toBe(4);
      expect(dead.lastError).toContain('503');
      expect(webhook.deliveries.filter((d) => d.body.recipient_id === dee.user_id)).toHaveLength(4);

      webhook.behave(() => 200);
      expect(await app.runtime.jobQueue.retryDead(dead.id)).toBe(true);
      await waitUntil(() => webhook.deliveries.some((d) => d.body.recipient_id === dee.user_id && d.status === 200));
    });
  });

  describe('across a crash', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stride-crash-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('delivers a message whose delivery was cut short by a killed process, after the restart', async () => {
      const webhook = await startWebhookServer();
      const env = { DATA_DIR: dataDir, JOB_BACKOFF_MS: '20', SQLITE_SYNCHRONOUS: 'NORMAL' };
      let app = await startAppProcess(env);
      try {
        const http = client(() => ({ url: app.url }) as App);
        const register = async (name: string) =>
          (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;
        const [ann, bob] = [await register('ann'), await register('bob')];
        await http.put('/v1/me/push-endpoint', { url: webhook.url }, bob.token);
        webhook.behave(() => 'hang');
        await http.put(`/v1/users/${bob.user_id}/follow`, undefined, ann.token);
        await waitUntil(() => webhook.deliveries.length === 1);

        await app.kill();
        webhook.behave(() => 200);
        app = await startAppProcess(env);
        await waitUntil(() => webhook.accepted('follower').size === 1, 40_000);
        expect(new Set(webhook.deliveries.map((d) => d.key)).size).toBe(1);
        expect([...webhook.accepted('follower').values()]).toEqual([1]);
      } finally {
        await app.stop();
        await webhook.stop();
      }
    }, 120_000);
  });
});
