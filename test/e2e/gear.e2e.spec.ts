import { randomUUID } from 'node:crypto';
import { syntheticTrack } from '../../src/write/workouts/metrics/testing/synthetic-track';
import { eventually } from '../support/eventually';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../support/http';

type User = { user_id: string; token: string };
interface Shoe {
  shoe_id: string;
  distance: number;
  wear_percent: number;
  retired: boolean;
  thresholds_reached: number[];
  workouts: Array<{ workout_id: string; distance: number }>;
}
interface Offer {
  shoe_id: string;
  threshold: number;
  region: string;
  offers: Array<{ brand: string; model: string }>;
  expires_at: string;
}
interface Page<T> {
  items: T[];
}

describe('shoe wear and promos over HTTP', () => {
  const env = embeddedSettings({ JOB_BACKOFF_MS: '20' });
  let app: App;
  const http = client(() => app);
  let ann: User;
  let bob: User;
  let seed = 10;

  const register = async (name: string) =>
    (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;

  async function run(user: User, metres: number, gearId?: string): Promise<{ workoutId: string; distance: number }> {
    const { points } = syntheticTrack({ distance: metres, startTime: Date.now() - 3 * 3600_000 + seed * 600_000, seed: seed++ });
    const workoutId = randomUUID();
    const started = await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date(points[0].t).toISOString(), ...(gearId ? { gear_id: gearId } : {}) }, user.token);
    expect(started.status).toBe(201);
    await http.post(`/v1/workouts/${workoutId}/telemetry`, { seq: 0, points: points.slice(0, 1000) }, user.token);
    const finished = await http.post<{ distance: number }>(`/v1/workouts/${workoutId}/finish`, {}, user.token);
    return { workoutId, distance: finished.body.distance };
  }

  const shoe = async (id: string, user = ann) => (await http.get<Shoe>(`/v1/shoes/${id}`, user.token)).body;
  const offers = async () => (await http.get<Page<Offer>>('/v1/me/offers', ann.token)).body.items;
  const promoNotifications = async () => (await http.get<Page<{ kind: string; shoe_id?: string }>>('/v1/notifications', ann.token)).body.items.filter((n) => n.kind === 'promo');

  beforeAll(async () => {
    app = await startApp(env.settings());
    ann = await register('ann');
    bob = await register('bob');
  });
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('drives a shoe through 75, 90 and 100 % with reassignments and a discard: one offer and one notification per threshold', async () => {
    const s1 = (await http.post<Shoe>('/v1/shoes', { brand_name: 'Asics', model_name: 'Novablast 4', lifespan_km: 2 }, ann.token)).body;
    const s2 = (await http.post<Shoe>('/v1/shoes', { brand_name: 'Hoka', model_name: 'Clifton 9' }, ann.token)).body;
    expect(s1).toMatchObject({ distance: 0, wear_percent: 0, retired: false });
    expect((await http.put('/v1/me/default-shoe', { sport_type: 'Run', shoe_id: s1.shoe_id }, ann.token)).status).toBe(204);

    // 1.6 km with the default shoe: 80 %, past 75 %.
    const w1 = await run(ann, 1600);
    const after75 = await eventually(() => shoe(s1.shoe_id), (s) => s.thresholds_reached.length === 1);
    expect(after75.distance).toBeCloseTo(w1.distance, 0);
    expect(after75.thresholds_reached).toEqual([75]);

    // 0.3 km on the other shoe, then moved to s1 (95 %: past 90 %), back, and to s1 again.
    const w2 = await run(ann, 300, s2.shoe_id);
    await eventually(() => shoe(s2.shoe_id), (s) => s.distance > 0);
    for (const target of [s1.shoe_id, s2.shoe_id, s1.shoe_id]) {
      expect((await http.put(`/v1/workouts/${w2.workoutId}/gear`, { gear_id: target }, ann.token)).status).toBe(200);
    }
    const after90 = await eventually(() => shoe(s1.shoe_id), (s) => s.workouts.length === 2);
    expect(after90.distance).toBeCloseTo(w1.distance + w2.distance, 0);
    expect(after90.thresholds_reached).toEqual([75, 90]);
    expect((await shoe(s2.shoe_id)).distance).toBe(0);

    // 0.4 km more: past 100 %; discarded, then another 0.4 km: still one 100 % event.
    const w3 = await run(ann, 400);
    await eventually(() => shoe(s1.shoe_id), (s) => s.thresholds_reached.length === 3);
    expect((await http.post(`/v1/workouts/${w3.workoutId}/discard`, undefined, ann.token)).status).toBe(200);
    await eventually(() => shoe(s1.shoe_id), (s) => s.workouts.length === 2);
    await run(ann, 400);
    const final = await eventually(() => shoe(s1.shoe_id), (s) => s.workouts.length === 3);
    expect(final.thresholds_reached).toEqual([75, 90, 100]);
    expect(final.wear_percent).toBeGreaterThan(100);

    const received = await eventually(offers, (items) => items.length === 3);
    expect(received.map((o) => o.threshold).sort((a, b) => a - b)).toEqual([75, 90, 100]);
    expect(received.every((o) => o.shoe_id === s1.shoe_id && o.region === 'NL' && o.offers.length > 0)).toBe(true);
    const told = await eventually(promoNotifications, (items) => items.length === 3);
    expect(told).toHaveLength(3);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await offers()).toHaveLength(3);
    expect(await promoNotifications()).toHaveLength(3);
  });

  it('lets only the owner use, see or retire a shoe', async () => {
    const mine = (await http.post<Shoe>('/v1/shoes', { brand_name: 'Saucony', model_name: 'Ride 17' }, ann.token)).body;
    const workoutId = randomUUID();
    expect((await http.post<ErrorShape>('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date().toISOString(), gear_id: mine.shoe_id }, bob.token)).status).toBe(403);
    const bobs = await run(bob, 200);
    expect((await http.put(`/v1/workouts/${bobs.workoutId}/gear`, { gear_id: mine.shoe_id }, bob.token)).status).toBe(403);
    expect((await http.get(`/v1/shoes/${mine.shoe_id}`, bob.token)).status).toBe(404);
    expect((await http.post(`/v1/shoes/${mine.shoe_id}/retire`, undefined, bob.token)).status).toBe(403);
    const retired = await http.post<Shoe>(`/v1/shoes/${mine.shoe_id}/retire`, undefined, ann.token);
    expect(retired.body.retired).toBe(true);
    expect((await http.post<ErrorShape>('/v1/workouts', { sport_type: 'Run', start_date: new Date().toISOString(), gear_id: mine.shoe_id }, ann.token)).body.error.code).toBe('shoe_retired');
    expect((await http.post('/v1/shoes', { brand_name: 'x', model_name: 'y', lifespan_km: -5 }, ann.token)).status).toBe(400);
    expect((await http.get<Page<Shoe>>('/v1/me/shoes', ann.token)).body.items.length).toBe(3);
  });
});
