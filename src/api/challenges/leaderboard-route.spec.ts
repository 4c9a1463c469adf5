import { randomUUID } from 'node:crypto';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../../../test/support/http';
import { leaderboardsProjection } from '../../projections/challenges/leaderboards.projection';
import { ProjectionsService } from '../../projections/projections.service';
import { participationStream } from '../../write/challenges/events';

type User = { user_id: string; token: string };

/** GET /v1/challenges/{id}/leaderboard over HTTP: the query read by its own pipe, the answer by its compiled serialiser. */
describe('the leaderboard route', () => {
  const env = embeddedSettings({ ADMIN_EMAILS: 'admin@example.com' });
  let app: App;
  const http = client(() => app);
  let viewer: User;
  let challengeId: string;
  const others = Array.from({ length: 30 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

  const register = async (name: string) => (await http.post<User>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;

  /** A counted result, appended as the challenge_results saga would. */
  async function result(userId: string, metres: number, at: number): Promise<bigint> {
    const id = randomUUID();
    const iso = new Date(at).toISOString();
    const appended = await app.runtime.eventStore.appendToStream(participationStream(challengeId, userId), [
      {
        type: 'ChallengeResultRecorded',
        data: { challenge_id: challengeId, user_id: userId, workout_id: randomUUID(), start_date: iso, value: metres, achieved_at: iso, flags: [] },
        metadata: { eventId: id, correlationId: id, causationId: id, actorId: 'system:challenge-results', occurredAt: iso, schemaVersion: 1 },
      },
    ]);
    return appended.position;
  }

  beforeAll(async () => {
    app = await startApp(env.settings());
    const admin = await register('admin');
    const organiser = await register('olga');
    viewer = await register('vic');
    await http.put(`/v1/users/${organiser.user_id}/roles/organiser`, undefined, admin.token);
    const now = Date.now();
    const created = await http.post<{ challenge_id: string }>(
      '/v1/challenges',
      { name: 'Route', kind: 'total_distance', sport_type: 'Run', start_date: new Date(now - 86_400_000).toISOString(), end_date: new Date(now + 86_400_000).toISOString() },
      organiser.token,
    );
    challengeId = created.body.challenge_id;
    for (const [i, userId] of others.entries()) await result(userId, 1000 + 100 * i, now - 60_000);
    // The viewer ties with others[10] (2000 m) but got there later: ranked just behind.
    const last = await result(viewer.user_id, 2000, now - 30_000);
    await app.nest.get(ProjectionsService).runner(leaderboardsProjection).waitFor(last);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('answers the window around the caller with every field, ties to whoever got there first', async () => {
    const response = await http.get<unknown>(`/v1/challenges/${challengeId}/leaderboard?around_me=true&limit=4`, viewer.token);
    expect(response.status).toBe(200);
    // 31 standings: others[29] (3900 m) leads; the viewer's 2000 m ties others[10], who was first: rank 21.
    const entry = (i: number) => ({ rank: 30 - i, user_id: others[i], score: 1000 + 100 * i });
    expect(response.body).toEqual({
      challenge_id: challengeId,
      kind: 'total_distance',
      participants_ranked: 31,
      entries: [entry(11), entry(10), { rank: 21, user_id: viewer.user_id, score: 2000 }, { rank: 22, user_id: others[9], score: 1900 }, { rank: 23, user_id: others[8], score: 1800 }],
      me: { rank: 21, user_id: viewer.user_id, score: 2000 },
    });
  });

  it("answers the top with the caller's own rank", async () => {
    const response = await http.get<{ entries: Array<{ rank: number }>; me: unknown }>(`/v1/challenges/${challengeId}/leaderboard?limit=3`, viewer.token);
    expect(response.body.entries.map((e) => e.rank)).toEqual([1, 2, 3]);
    expect(response.body.me).toEqual({ rank: 21, user_id: viewer.user_id, score: 2000 });
  });

  it('refuses a malformed query with the usual 400, and an unknown challenge with 404', async () => {
    for (const query of ['limit=500', 'limit=0', 'around_me=maybe', 'page=2']) {
      const refused = await http.get<ErrorShape>(`/v1/challenges/${challengeId}/leaderboard?${query}`, viewer.token);
      expect({ query, status: refused.status, code: refused.body.error.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
    expect((await http.get(`/v1/challenges/${randomUUID()}/leaderboard`, viewer.token)).status).toBe(404);
  });

  it('documents its query parameters', async () => {
    const openapi = await http.get<{ paths: Record<string, { get: { parameters: Array<{ name: string; in: string }> } }> }>('/docs-json');
    const parameters = openapi.body.paths['/v1/challenges/{id}/leaderboard'].get.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    expect(parameters.sort()).toEqual(['around_me', 'limit']);
  });
});
