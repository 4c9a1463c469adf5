import { randomUUID } from 'node:crypto';
import { ALL_PROJECTIONS } from '../../src/projections';
import { ProjectionsService } from '../../src/projections/projections.service';
import { rebuildProjection } from '../../src/projections/rebuild';
import { syntheticTrack } from '../../src/write/workouts/metrics/testing/synthetic-track';
import { App, client, embeddedSettings, startApp } from '../support/http';

type User = { user_id: string; token: string };

/**
 * Every read model rebuilt from the streams equals the live one: feeds, inboxes, leaderboards
 * (with review decisions), gear and offers, after a realistic mix of activity.
 */
describe('rebuilding read models by replay gives the live ones', () => {
  const env = embeddedSettings({ ADMIN_EMAILS: 'admin@example.com', JOB_BACKOFF_MS: '20' });
  let app: App;
  const http = client(() => app);
  let seed = 1;

  const register = async (name: string) =>
    (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;
  async function run(user: User, metres: number, options: { startTime?: number; speed?: (along: number) => number } = {}): Promise<string> {
    const { points } = syntheticTrack({ distance: metres, startTime: options.startTime ?? Date.now() - 4 * 3600_000 + seed * 60_000, seed: seed++, speed: options.speed });
    const workoutId = randomUUID();
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date(points[0].t).toISOString() }, user.token);
    for (let seq = 0; seq * 1000 < points.length; seq++) await http.post(`/v1/workouts/${workoutId}/telemetry`, { seq, points: points.slice(seq * 1000, seq * 1000 + 1000) }, user.token);
    expect((await http.post(`/v1/workouts/${workoutId}/finish`, {}, user.token)).status).toBe(200);
    return workoutId;
  }

  beforeAll(async () => {
    app = await startApp(env.settings());
  }, 60_000);
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('after follows, workouts, kudos, comments, groups, challenges with reviews, shoes and offers', async () => {
    const admin = await register('admin');
    const [ann, bob, cat] = [await register('ann'), await register('bob'), await register('cat')];
    await http.put(`/v1/users/${ann.user_id}/roles/organiser`, undefined, admin.token);
    await http.put(`/v1/users/${cat.user_id}/roles/reviewer`, undefined, admin.token);

    await http.put(`/v1/users/${bob.user_id}/follow`, undefined, ann.token);
    await http.put(`/v1/users/${ann.user_id}/follow`, undefined, cat.token);
    const group = (await http.post<{ group_id: string }>('/v1/groups', { name: 'Harriers' }, ann.token)).body.group_id;
    await http.put(`/v1/groups/${group}/members/me`, undefined, bob.token);
    await http.patch('/v1/me', { privacy_zones: [{ lat: 52.5145, lon: 13.3501, radius_m: 200 }] }, bob.token);

    const shoe = (await http.post<{ shoe_id: string }>('/v1/shoes', { brand_name: 'Asics', model_name: 'Novablast 4', lifespan_km: 3 }, bob.token)).body.shoe_id;
    await http.put('/v1/me/default-shoe', { sport_type: 'Run', shoe_id: shoe }, bob.token);

    const challenge = (
      await http.post<{ challenge_id: string }>(
        '/v1/challenges',
        { name: 'Distance', kind: 'total_distance', sport_type: 'Run', start_date: new Date(Date.now() - 86400_000).toISOString(), end_date: new Date(Date.now() + 86400_000).toISOString() },
        ann.token,
      )
    ).body.challenge_id;
    await http.put(`/v1/challenges/${challenge}/participants/me`, undefined, bob.token);
    await http.put(`/v1/challenges/${challenge}/participants/me`, undefined, ann.token);

    const w1 = await run(bob, 2400);
    const w2 = await run(ann, 1500);
    await http.put(`/v1/workouts/${w1}/kudos`, undefined, ann.token);
    await http.post(`/v1/workouts/${w1}/comments`, { text: 'Great run' }, ann.token);
    await http.patch(`/v1/workouts/${w2}`, { visibility: 'followers' }, ann.token);
    await run(bob, 700, { startTime: Date.now() + 1000 });
    const flagged = await run(bob, 4000, { startTime: Date.now() + 1000, speed: (along) => (along > 300 ? 25 : 3.2) });
    const reviews = async () => (await http.get<{ items: Array<{ workout_id: string }> }>(`/v1/challenges/${challenge}/reviews`, cat.token)).body.items;
    for (let i = 0; i < 200 && (await reviews()).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await http.post(`/v1/challenges/${challenge}/reviews/${flagged}`, { decision: 'approve', reason: 'checked' }, cat.token)).status).toBe(200);
    await http.delete(`/v1/users/${bob.user_id}/follow`, ann.token);
    await app.runtime.jobQueue.drained(10_000);

    const projections = app.nest.get(ProjectionsService);
    const head = await app.runtime.eventStore.headPosition();
    for (const runner of projections.runners.values()) await runner.waitFor(head);

    for (const projection of ALL_PROJECTIONS) {
      const report = await rebuildProjection({
        store: app.runtime.eventStore,
        readStore: app.runtime.readStore,
        leaderboards: app.runtime.leaderboards,
        projection,
        liveRunner: projections.runner(projection),
      });
      expect({ projection: projection.name, differences: report.differences, verified: report.verified, swapped: report.swapped }).toEqual({
        projection: projection.name,
        differences: [],
        verified: true,
        swapped: true,
      });
    }

    // The read models still answer after the swap, and the board keeps the approved result.
    const board = (await http.get<{ entries: Array<{ user_id: string; score: number }> }>(`/v1/challenges/${challenge}/leaderboard`, ann.token)).body;
    expect(board.entries[0].user_id).toBe(bob.user_id);
    expect(board.entries[0].score).toBeGreaterThan(4000);
    expect((await http.get<{ items: unknown[] }>('/v1/feed', cat.token)).body.items.length).toBeGreaterThan(0);
    expect((await http.get<{ distance: number }>(`/v1/shoes/${shoe}`, bob.token)).body.distance).toBeGreaterThan(7000);
  }, 120_000);
});
