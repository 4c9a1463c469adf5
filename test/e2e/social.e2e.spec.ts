import { randomUUID } from 'node:crypto';
import { syntheticTrack } from '../../src/write/workouts/metrics/testing/synthetic-track';
import { eventually } from '../support/eventually';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../support/http';

interface FeedItem {
  workout_id: string;
  athlete: { id: string; display_name: string };
  distance: number;
  map: { summary_polylines: string[] };
  kudos_count: number;
  comment_count: number;
}
interface Notification {
  kind: string;
  actor_id: string;
  workout_id?: string;
}
interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
type User = { user_id: string; token: string };

describe('feeds, groups, kudos and notifications over HTTP', () => {
  const env = embeddedSettings();
  let app: App;
  const http = client(() => app);
  let a: User;
  let b: User;
  let c: User;
  const track = syntheticTrack({ distance: 3000, startTime: Date.now() - 2 * 3600_000 });

  const register = async (name: string) =>
    (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;

  let started = 0;
  /** Each workout starts a minute after the previous one, so "newest first" is well defined. */
  async function finishWorkout(user: User, visibility = 'everyone'): Promise<string> {
    const workoutId = randomUUID();
    const shift = started++ * 60_000;
    const points = track.points.map((p) => ({ ...p, t: p.t + shift }));
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: new Date(points[0].t).toISOString(), visibility }, user.token);
    for (let seq = 0; seq * 100 < points.length; seq++) {
      await http.post(`/v1/workouts/${workoutId}/telemetry`, { seq, points: points.slice(seq * 100, seq * 100 + 100) }, user.token);
    }
    expect((await http.post(`/v1/workouts/${workoutId}/finish`, {}, user.token)).status).toBe(200);
    return workoutId;
  }

  const feed = async (user: User) => (await http.get<Page<FeedItem>>('/v1/feed', user.token)).body.items;
  const inbox = async (user: User) => (await http.get<Page<Notification>>('/v1/notifications', user.token)).body.items;

  beforeAll(async () => {
    app = await startApp(env.settings());
    a = await register('Ann');
    b = await register('Bob');
    c = await register('Cat');
  });
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('A follows B, B finishes a workout: A sees it in feed and inbox, A gives kudos, B is told; C who does not follow sees nothing', async () => {
    expect((await http.put(`/v1/users/${b.user_id}/follow`, undefined, a.token)).status).toBe(204);
    const workoutId = await finishWorkout(b);

    const aFeed = await eventually(() => feed(a), (items) => items.length > 0);
    expect(aFeed).toHaveLength(1);
    expect(aFeed[0]).toMatchObject({ workout_id: workoutId, athlete: { id: b.user_id, display_name: 'Bob' }, kudos_count: 0 });
    expect(aFeed[0].distance).toBeGreaterThan(2900);
    expect(aFeed[0].map.summary_polylines.length).toBe(1);
    const aInbox = await eventually(() => inbox(a), (items) => items.length > 0);
    expect(aInbox).toEqual([expect.objectContaining({ kind: 'workout', actor_id: b.user_id, workout_id: workoutId })]);

    expect((await http.put(`/v1/workouts/${workoutId}/kudos`, undefined, a.token)).status).toBe(204);
    expect((await http.put(`/v1/workouts/${workoutId}/kudos`, undefined, a.token)).status).toBe(204);
    const bInbox = await eventually(() => inbox(b), (items) => items.some((n) => n.kind === 'kudos'));
    expect(bInbox.map((n) => n.kind)).toEqual(['kudos', 'follower']);
    expect((await feed(a))[0].kudos_count).toBe(1);
    expect((await feed(b))[0]).toMatchObject({ workout_id: workoutId, kudos_count: 1 });

    expect(await feed(c)).toEqual([]);
    expect(await inbox(c)).toEqual([]);
  });

  it("keeps a private workout in its owner's feed only, even for followers", async () => {
    const before = (await feed(a)).length;
    const privateId = await finishWorkout(b, 'only_me');
    expect((await feed(b)).map((i) => i.workout_id)).toContain(privateId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await feed(a)).map((i) => i.workout_id)).not.toContain(privateId);
    expect((await feed(a)).length).toBe(before);
    expect((await inbox(a)).map((n) => n.workout_id)).not.toContain(privateId);
    expect((await http.put(`/v1/workouts/${privateId}/kudos`, undefined, a.token)).status).toBe(404);
  });

  it('updates feeds when a workout becomes private and when a reader unfollows', async () => {
    const workoutId = await finishWorkout(b);
    await eventually(() => feed(a), (items) => items.some((i) => i.workout_id === workoutId));
    expect((await http.patch(`/v1/workouts/${workoutId}`, { visibility: 'only_me' }, b.token)).status).toBe(200);
    expect((await feed(a)).map((i) => i.workout_id)).not.toContain(workoutId);
    expect((await http.patch(`/v1/workouts/${workoutId}`, { visibility: 'followers' }, b.token)).status).toBe(200);
    expect((await feed(a)).map((i) => i.workout_id)).toContain(workoutId);
    expect((await http.delete(`/v1/users/${b.user_id}/follow`, a.token)).status).toBe(204);
    expect((await feed(a)).filter((i) => i.athlete.id === b.user_id)).toEqual([]);
    await http.put(`/v1/users/${b.user_id}/follow`, undefined, a.token);
  });

  it('comments reach the athlete and count in the feed', async () => {
    const workoutId = await finishWorkout(b);
    const commentId = randomUUID();
    expect((await http.post(`/v1/workouts/${workoutId}/comments`, { comment_id: commentId, text: 'Strong finish!' }, a.token)).status).toBe(201);
    expect((await http.post(`/v1/workouts/${workoutId}/comments`, { comment_id: commentId, text: 'Strong finish!' }, a.token)).status).toBe(201);
    const comments = await http.get<Page<{ text: string; author_id: string }>>(`/v1/workouts/${workoutId}/comments`, b.token);
    expect(comments.body.items).toEqual([expect.objectContaining({ text: 'Strong finish!', author_id: a.user_id })]);
    expect((await feed(a)).find((i) => i.workout_id === workoutId)?.comment_count).toBe(1);
    expect((await eventually(() => inbox(b), (items) => items.some((n) => n.kind === 'comment')))[0]).toMatchObject({ kind: 'comment', actor_id: a.user_id });
  });

  it('shows public workouts of members in the group feed', async () => {
    const group = await http.post<{ group_id: string }>('/v1/groups', { name: 'Harriers' }, c.token);
    expect(group.status).toBe(201);
    expect((await http.put(`/v1/groups/${group.body.group_id}/members/me`, undefined, b.token)).status).toBe(204);
    const publicId = await finishWorkout(b);
    const followersOnly = await finishWorkout(b, 'followers');
    const groupFeed = await eventually(
      async () => (await http.get<Page<FeedItem>>(`/v1/groups/${group.body.group_id}/feed`, c.token)).body.items,
      (items) => items.length > 0,
    );
    expect(groupFeed.map((i) => i.workout_id)).toEqual([publicId]);
    expect(groupFeed.map((i) => i.workout_id)).not.toContain(followersOnly);
    expect((await http.get(`/v1/groups/${randomUUID()}/feed`, c.token)).status).toBe(404);
    expect((await http.put(`/v1/groups/${randomUUID()}/members/me`, undefined, c.token)).status).toBe(404);
  });

  it('refuses following yourself, kudos on your own workout, and bad input', async () => {
    expect((await http.put<ErrorShape>(`/v1/users/${a.user_id}/follow`, undefined, a.token)).body.error.code).toBe('cannot_follow_self');
    expect((await http.put(`/v1/users/${randomUUID()}/follow`, undefined, a.token)).status).toBe(404);
    const own = await finishWorkout(a);
    expect((await http.put<ErrorShape>(`/v1/workouts/${own}/kudos`, undefined, a.token)).status).toBe(422);
    expect((await http.post(`/v1/workouts/${own}/comments`, { text: '' }, b.token)).status).toBe(400);
    expect((await http.post('/v1/groups', { name: 'x'.repeat(101) }, a.token)).status).toBe(400);
    expect((await http.put('/v1/me/push-endpoint', { url: 'not a url' }, a.token)).status).toBe(400);
    expect((await http.get('/v1/feed?cursor=%%%', a.token)).status).toBe(400);
  });

  it('pages the feed with a cursor that is stable while new items arrive', async () => {
    const d = await register('Dee');
    for (let i = 0; i < 3; i++) await finishWorkout(d);
    await eventually(() => feed(d), (items) => items.length === 3);
    const first = await http.get<Page<FeedItem>>('/v1/feed?limit=2', d.token);
    expect(first.body.items).toHaveLength(2);
    await finishWorkout(d);
    await eventually(() => feed(d), (items) => items.length === 4);
    const second = await http.get<Page<FeedItem>>(`/v1/feed?limit=2&cursor=${first.body.next_cursor}`, d.token);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next_cursor).toBeNull();
    expect(new Set([...first.body.items, ...second.body.items].map((i) => i.workout_id)).size).toBe(3);
  });
});
