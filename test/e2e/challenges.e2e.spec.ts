import { randomUUID } from 'node:crypto';
import { syntheticTrack } from '../../src/write/workouts/metrics/testing/synthetic-track';
import type { TelemetryPoint } from '../../src/write/workouts/telemetry-point';
import { eventually } from '../support/eventually';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../support/http';

type User = { user_id: string; token: string };
interface Board {
  entries: Array<{ rank: number; user_id: string; score: number }>;
  me?: { rank: number; user_id: string; score: number };
  participants_ranked: number;
}
interface Review {
  workout_id: string;
  user_id: string;
  status: string;
  flags: Array<{ rule: string; reason: string; evidence: Record<string, unknown> }>;
  decisions: Array<{ decision: string; reviewer_id: string; reason: string }>;
}

describe('challenges over HTTP: leaderboard, live ranks and anti-fraud review', () => {
  const env = embeddedSettings({ ADMIN_EMAILS: 'admin@example.com' });
  let app: App;
  const http = client(() => app);
  let admin: User;
  let organiser: User;
  let reviewer: User;
  let ann: User;
  let bob: User;
  let challengeId: string;
  const now = Date.now();

  const register = async (name: string) =>
    (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;

  async function run(user: User, points: TelemetryPoint[], visibility = 'everyone'): Promise<string> {
    const workoutId = randomUUID();
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date(points[0].t).toISOString(), visibility }, user.token);
    for (let seq = 0; seq * 500 < points.length; seq++) {
      const sent = await http.post(`/v1/workouts/${workoutId}/telemetry`, { seq, points: points.slice(seq * 500, seq * 500 + 500) }, user.token);
      expect(sent.status).toBe(202);
    }
    expect((await http.post(`/v1/workouts/${workoutId}/finish`, {}, user.token)).status).toBe(200);
    return workoutId;
  }

  // A workout counts only if it started after joining, and telemetry may not lie more than 5 minutes
  // in the future: so these workouts start a moment from now and last under 5 minutes.
  const soon = () => Date.now() + 1000;
  const board = async (user: User, query = '') => (await http.get<Board>(`/v1/challenges/${challengeId}/leaderboard${query}`, user.token)).body;

  beforeAll(async () => {
    app = await startApp(env.settings());
    admin = await register('admin');
    organiser = await register('olga');
    reviewer = await register('rita');
    ann = await register('ann');
    bob = await register('bob');
    expect((await http.put(`/v1/users/${organiser.user_id}/roles/organiser`, undefined, admin.token)).status).toBe(204);
    expect((await http.put(`/v1/users/${reviewer.user_id}/roles/reviewer`, undefined, admin.token)).status).toBe(204);
  });
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('lets organisers create challenges, and nobody else', async () => {
    const body = { name: 'November distance', kind: 'total_distance', sport_type: 'Run', start_date: new Date(now - 86400_000).toISOString(), end_date: new Date(now + 30 * 86400_000).toISOString() };
    expect((await http.post<ErrorShape>('/v1/challenges', body, ann.token)).status).toBe(403);
    const created = await http.post<{ challenge_id: string; kind: string }>('/v1/challenges', body, organiser.token);
    expect(created.status).toBe(201);
    expect(created.body.kind).toBe('total_distance');
    challengeId = created.body.challenge_id;
    expect((await http.post('/v1/challenges', { ...body, end_date: body.start_date }, organiser.token)).status).toBe(400);
    expect((await http.post('/v1/challenges', { ...body, kind: 'longest_nap' }, organiser.token)).status).toBe(400);
  });

  it('ranks participants live, and pushes rank changes over SSE', async () => {
    expect((await http.put(`/v1/challenges/${challengeId}/participants/me`, undefined, ann.token)).status).toBe(204);
    expect((await http.put(`/v1/challenges/${challengeId}/participants/me`, undefined, ann.token)).status).toBe(204);
    expect((await http.put(`/v1/challenges/${challengeId}/participants/me`, undefined, bob.token)).status).toBe(204);

    const controller = new AbortController();
    const response = await fetch(`${app.url}/v1/challenges/${challengeId}/leaderboard/stream`, { headers: { authorization: `Bearer ${bob.token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let received = '';
    const readUntil = async (condition: () => boolean) => {
      while (!condition()) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString();
      }
    };
    const updates = () => received.split('event: leaderboard\ndata: ').slice(1).map((chunk) => JSON.parse(chunk.split('\n')[0]) as { top: Board['entries']; me?: Board['me'] });

    await run(ann, syntheticTrack({ distance: 600, startTime: soon() }).points);
    await readUntil(() => updates().some((u) => u.top.length === 1));
    await run(bob, syntheticTrack({ distance: 800, speed: 3.5, startTime: soon(), seed: 2 }).points);
    await readUntil(() => updates().some((u) => u.me?.rank === 1));
    controller.abort();

    const seen = updates();
    expect(seen.find((u) => u.top.length === 1)?.top[0].user_id).toBe(ann.user_id);
    expect(seen[seen.length - 1].me).toMatchObject({ rank: 1, user_id: bob.user_id });
    expect(seen[seen.length - 1].top.map((e) => e.user_id)).toEqual([bob.user_id, ann.user_id]);

    const seenByAnn = await board(ann, '?around_me=true&limit=2');
    expect(seenByAnn.me).toMatchObject({ rank: 2, user_id: ann.user_id });
    expect(seenByAnn.me!.score).toBeGreaterThan(580);
    expect(seenByAnn.participants_ranked).toBe(2);
  });

  it('does not count workouts of the wrong visibility, or of people who did not join', async () => {
    const cat = await register('cat');
    await http.put(`/v1/challenges/${challengeId}/participants/me`, undefined, cat.token);
    await http.delete(`/v1/challenges/${challengeId}/participants/me`, cat.token);
    await run(cat, syntheticTrack({ distance: 800, startTime: soon(), seed: 3 }).points);
    await run(ann, syntheticTrack({ distance: 800, startTime: soon(), seed: 4 }).points, 'followers');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = await board(ann);
    expect(current.entries.map((e) => e.user_id)).toEqual([bob.user_id, ann.user_id]);
    expect(current.entries[1].score).toBeLessThan(650);
  });

  it('holds a flagged result off the board until a reviewer approves it, with reason and evidence on record', async () => {
    // Ann runs 300 m, then her phone rides in a car at 25 m/s for three minutes.
    const carRide = syntheticTrack({ distance: 4800, startTime: soon(), seed: 5, speed: (along) => (along > 300 ? 25 : 3.2) }).points;
    const flaggedId = await run(ann, carRide);
    const reviews = await eventually(
      async () => (await http.get<{ items: Review[] }>(`/v1/challenges/${challengeId}/reviews`, reviewer.token)).body.items,
      (items) => items.length > 0,
    );
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ workout_id: flaggedId, user_id: ann.user_id, status: 'pending' });
    expect(reviews[0].flags.map((f) => f.rule)).toContain('speed_above_sport_limit');
    expect(reviews[0].flags[0].reason.length).toBeGreaterThan(10);
    expect(Object.keys(reviews[0].flags[0].evidence).length).toBeGreaterThan(1);
    expect((await board(ann)).entries.find((e) => e.user_id === ann.user_id)!.score).toBeLessThan(650);

    expect((await http.get(`/v1/challenges/${challengeId}/reviews`, ann.token)).status).toBe(403);
    expect((await http.post(`/v1/challenges/${challengeId}/reviews/${flaggedId}`, { decision: 'approve', reason: 'mine' }, ann.token)).status).toBe(403);
    expect((await http.post(`/v1/challenges/${challengeId}/reviews/${flaggedId}`, { decision: 'maybe', reason: 'x' }, reviewer.token)).status).toBe(400);

    const approved = await http.post<Review>(`/v1/challenges/${challengeId}/reviews/${flaggedId}`, { decision: 'approve', reason: 'organiser confirmed the race was on a bike path' }, reviewer.token);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisions: [{ decision: 'approve', reviewer_id: reviewer.user_id, reason: 'organiser confirmed the race was on a bike path' }] });
    const after = await board(ann);
    expect(after.entries[0]).toMatchObject({ rank: 1, user_id: ann.user_id });
    expect(after.entries[0].score).toBeGreaterThan(5000);

    const rejected = await http.post<Review>(`/v1/challenges/${challengeId}/reviews/${flaggedId}`, { decision: 'reject', reason: 'on second look: a car' }, reviewer.token);
    expect(rejected.body.decisions.map((d) => d.decision)).toEqual(['approve', 'reject']);
    expect((await board(ann)).entries[0].user_id).toBe(bob.user_id);
  });

  it('takes a participant who leaves off the board, and refuses to let them join again', async () => {
    expect((await http.delete(`/v1/challenges/${challengeId}/participants/me`, bob.token)).status).toBe(204);
    expect((await board(ann)).entries.map((e) => e.user_id)).toEqual([ann.user_id]);
    expect((await http.put<ErrorShape>(`/v1/challenges/${challengeId}/participants/me`, undefined, bob.token)).body.error.code).toBe('already_left');
    expect((await http.put(`/v1/challenges/${randomUUID()}/participants/me`, undefined, bob.token)).status).toBe(404);
  });
});
