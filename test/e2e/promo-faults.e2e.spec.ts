import { randomUUID } from 'node:crypto';
import { syntheticTrack } from '../../src/write/workouts/metrics/testing/synthetic-track';
import { startFakeStore } from '../support/fake-store-server';
import { waitUntil } from '../support/eventually';
import { App, client, embeddedSettings, startApp } from '../support/http';

type User = { user_id: string; token: string };
interface Page<T> {
  items: T[];
}


describe('promos when the store API is down, failing or slow', () => {
  let store: Awaited<ReturnType<typeof startFakeStore>>;
  let env: ReturnType<typeof embeddedSettings>;
  let app: App;
  const http = client(() => app);
  let seed = 40;

  beforeAll(async () => {
    store = await startFakeStore();
    env = embeddedSettings({
      COMMERCE_URL: store.url,
      COMMERCE_TIMEOUT_MS: '200',
      COMMERCE_BREAKER_OPEN_MS: '100',
      JOB_BACKOFF_MS: '20',
      JOB_MAX_BACKOFF_MS: '200',
      JOB_MAX_ATTEMPTS: '100',
    });
    app = await startApp(env.settings());
  });
  afterAll(async () => {
    await app.close();
    await store.stop();
    env.cleanup();
  });

  async function run(user: User, metres: number): Promise<void> {
    const { points } = syntheticTrack({ distance: metres, startTime: Date.now() - 3 * 3600_000 + (seed - 40) * 600_000, seed: seed++ });
    const workoutId = randomUUID();
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date(points[0].t).toISOString() }, user.token);
    await http.post(`/v1/workouts/${workoutId}/telemetry`, { seq: 0, points }, user.token);
    expect((await http.post(`/v1/workouts/${workoutId}/finish`, {}, user.token)).status).toBe(200);
  }
  const offers = async (user: User) => (await http.get<Page<{ threshold: number }>>('/v1/me/offers', user.token)).body.items;

  it('offers each threshold once the store recovers, never twice', async () => {
    const ann = (await http.post<User>('/v1/auth/register', { email: 'ann@example.com', password: 'password-1', display_name: 'Ann' })).body;
    await http.patch('/v1/me', { region: 'DE' }, ann.token);
    const shoe = (await http.post<{ shoe_id: string }>('/v1/shoes', { brand_name: 'Nike', model_name: 'Pegasus 40', lifespan_km: 2 }, ann.token)).body.shoe_id;
    await http.put('/v1/me/default-shoe', { sport_type: 'Run', shoe_id: shoe }, ann.token);

    await store.down();
    await run(ann, 1600);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await offers(ann)).toEqual([]);
    await store.up();
    await waitUntil(async () => (await offers(ann)).length === 1);

    await store.failing(503);
    await run(ann, 300);
    const before = store.requests;
    await waitUntil(async () => store.requests > before + 2);
    expect((await offers(ann)).length).toBe(1);
    await store.up();
    await waitUntil(async () => (await offers(ann)).length === 2);

    await store.slow(1000);
    await run(ann, 300);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await offers(ann)).length).toBe(2);
    await store.up();
    await waitUntil(async () => (await offers(ann)).length === 3);

    await app.runtime.jobQueue.drained(5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const all = await offers(ann);
    expect(all.map((o) => o.threshold).sort((a, b) => a - b)).toEqual([75, 90, 100]);
    expect((await app.runtime.jobQueue.deadLetters('promo')).length).toBe(0);
  }, 60_000);
});

describe("the store API's circuit on /metrics", () => {
  let store: Awaited<ReturnType<typeof startFakeStore>>;
  let env: ReturnType<typeof embeddedSettings>;
  let app: App;
  const http = client(() => app);

  beforeAll(async () => {
    store = await startFakeStore();
    // One failed call opens the circuit, and it stays open for the whole test.
    env = embeddedSettings({ COMMERCE_URL: store.url, COMMERCE_RETRIES: '0', COMMERCE_BREAKER_FAILURES: '1', COMMERCE_BREAKER_OPEN_MS: '600000' });
    app = await startApp(env.settings());
  });
  afterAll(async () => {
    await app.close();
    await store.stop();
    env.cleanup();
  });

  const circuit = async () => (await http.get<string>('/metrics')).body.split('\n').filter((line) => line.startsWith('commerce_circuit_state{'));

  it('shows the circuit closed, then open once a call to the store has failed', async () => {
    expect(await circuit()).toEqual(['commerce_circuit_state{state="closed"} 1', 'commerce_circuit_state{state="open"} 0', 'commerce_circuit_state{state="half_open"} 0']);
    await store.down();
    await expect(app.runtime.commerce.replacementsInStock({ region: 'NL', brand: 'Nike', model: 'Pegasus 40' })).rejects.toThrow();
    expect(await circuit()).toEqual(['commerce_circuit_state{state="closed"} 0', 'commerce_circuit_state{state="open"} 1', 'commerce_circuit_state{state="half_open"} 0']);
  });
});
