import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticTrack, DEFAULT_START_TIME } from '../../src/write/workouts/metrics/testing/synthetic-track';
import type { TelemetryPoint } from '../../src/write/workouts/telemetry-point';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../support/http';

interface Summary {
  workout_id: string;
  status: string;
  distance: number | null;
  moving_time: number | null;
  elapsed_time: number | null;
  splits_metric: unknown[] | null;
  flags: string[];
}

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'activities', name));

describe('workouts over HTTP on the embedded defaults', () => {
  const env = embeddedSettings();
  let app: App;
  const http = client(() => app);
  let ann: { user_id: string; token: string };
  let bob: { user_id: string; token: string };
  let cat: { user_id: string; token: string };
  const track = syntheticTrack({ distance: 5200, gpsNoise: { sigma: 2 }, pauses: [{ atDistance: 2000, durationS: 60 }], heartRate: { resting: 70, working: 150 }, startTime: Date.now() - 3 * 3600_000 });
  const batches = Array.from({ length: Math.ceil(track.points.length / 10) }, (_, seq) => ({ seq, points: track.points.slice(seq * 10, seq * 10 + 10) }));
  const startDate = new Date(track.points[0].t).toISOString();

  beforeAll(async () => {
    app = await startApp(env.settings());
    const register = async (name: string) =>
      (await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: `${name}@example.com`, password: 'password-1', display_name: name })).body;
    ann = await register('ann');
    bob = await register('bob');
    cat = await register('cat');
  });
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  async function record(token: string, order: typeof batches, visibility = 'everyone'): Promise<Summary> {
    const workoutId = randomUUID();
    const started = await http.post<{ workout_id: string }>('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: startDate, visibility }, token);
    expect(started.status).toBe(201);
    for (const batch of order) {
      const accepted = await http.post(`/v1/workouts/${workoutId}/telemetry`, batch, token);
      expect(accepted.status).toBe(202);
    }
    const finished = await http.post<Summary>(`/v1/workouts/${workoutId}/finish`, {}, token);
    expect(finished.status).toBe(200);
    return finished.body;
  }

  it('records a live workout and answers accurate metrics when it finishes', async () => {
    const summary = await record(ann.token, batches);
    expect(summary.status).toBe('completed');
    expect(Math.abs(summary.distance! - track.truth.distance) / track.truth.distance).toBeLessThan(0.005);
    expect(Math.abs(summary.moving_time! - track.truth.movingTime) / track.truth.movingTime).toBeLessThan(0.02);
    expect(summary.splits_metric).toHaveLength(6);
    expect(summary.flags).toEqual([]);
    expect((await http.get<Summary>(`/v1/workouts/${summary.workout_id}`, bob.token)).body).toEqual(summary);
  });

  it('gives the same result for batches sent shuffled, repeated and all at once after being offline', async () => {
    const inOrder = await record(ann.token, batches);
    const shuffled = [...batches, ...batches.slice(3, 9), batches[0]].sort((a, b) => ((a.seq * 7919) % 101) - ((b.seq * 7919) % 101));
    const workoutId = randomUUID();
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: startDate }, ann.token);
    const replies = await Promise.all(shuffled.map((batch) => http.post<{ duplicate: boolean }>(`/v1/workouts/${workoutId}/telemetry`, batch, ann.token)));
    expect(replies.every((r) => r.status === 202)).toBe(true);
    expect(replies.filter((r) => r.body.duplicate)).toHaveLength(7);
    const offline = (await http.post<Summary>(`/v1/workouts/${workoutId}/finish`, {}, ann.token)).body;
    const { workout_id: _a, ...expected } = inOrder;
    const { workout_id: _b, ...actual } = offline;
    expect(actual).toEqual(expected);
  });

  it('treats a retried start and a retried finish as the same command', async () => {
    const workoutId = randomUUID();
    const body = { workout_id: workoutId, sport_type: 'Run', start_date: startDate };
    expect((await http.post('/v1/workouts', body, ann.token)).status).toBe(201);
    expect((await http.post('/v1/workouts', body, ann.token)).status).toBe(201);
    expect((await http.post('/v1/workouts', body, bob.token)).status).toBe(409);
    await http.post(`/v1/workouts/${workoutId}/telemetry`, batches[0], ann.token);
    const first = await http.post<Summary>(`/v1/workouts/${workoutId}/finish`, {}, ann.token);
    const second = await http.post<Summary>(`/v1/workouts/${workoutId}/finish`, {}, ann.token);
    expect(second.body).toEqual(first.body);
  });

  it('serves the track as GeoJSON, with the owner’s privacy zones cut out for everyone else', async () => {
    const summary = await record(ann.token, batches.slice(0, 30));
    const first = track.points[0];
    await http.patch('/v1/me', { privacy_zones: [{ lat: first.lat, lon: first.lon, radius_m: 200 }] }, ann.token);
    const own = await http.get<{ geometry: { type: string; coordinates: number[][] } }>(`/v1/workouts/${summary.workout_id}/track`, ann.token);
    const theirs = await http.get<{ geometry: { type: string; coordinates: number[][] }; properties: { privacy_zones_cut: boolean } }>(`/v1/workouts/${summary.workout_id}/track`, bob.token);
    expect(own.body.geometry.type).toBe('LineString');
    expect(own.body.geometry.coordinates).toHaveLength(300);
    expect(own.body.geometry.coordinates[0]).toEqual([first.lon, first.lat, first.ele]);
    expect(theirs.body.properties.privacy_zones_cut).toBe(true);
    expect(theirs.body.geometry.coordinates.length).toBeLessThan(300);
    expect(theirs.body.geometry.coordinates[0]).not.toEqual(own.body.geometry.coordinates[0]);
    await http.patch('/v1/me', { privacy_zones: [] }, ann.token);
  });

  it('honours visibility: only me, followers, everyone; what you may not see does not exist (404)', async () => {
    const onlyMe = await record(bob.token, batches.slice(0, 5), 'only_me');
    const followers = await record(bob.token, batches.slice(0, 5), 'followers');
    expect((await http.get(`/v1/workouts/${onlyMe.workout_id}`, bob.token)).status).toBe(200);
    expect((await http.get(`/v1/workouts/${onlyMe.workout_id}`, ann.token)).status).toBe(404);
    expect((await http.get(`/v1/workouts/${onlyMe.workout_id}/track`, ann.token)).status).toBe(404);
    expect((await http.get(`/v1/workouts/${followers.workout_id}`, ann.token)).status).toBe(404);
    expect((await http.put(`/v1/users/${bob.user_id}/follow`, undefined, ann.token)).status).toBe(204);
    expect((await http.get(`/v1/workouts/${followers.workout_id}`, ann.token)).status).toBe(200);
    expect((await http.get(`/v1/workouts/${followers.workout_id}`, cat.token)).status).toBe(404);
    expect((await http.get(`/v1/workouts/${onlyMe.workout_id}`, ann.token)).status).toBe(404);

    const seenByAnn = await http.get<{ items: Summary[] }>(`/v1/users/${bob.user_id}/workouts`, ann.token);
    expect(seenByAnn.body.items.map((w) => w.workout_id)).toEqual([followers.workout_id].concat(seenByAnn.body.items.slice(1).map((w) => w.workout_id)));
    expect(seenByAnn.body.items.map((w) => w.workout_id)).not.toContain(onlyMe.workout_id);
    const seenByCat = await http.get<{ items: Summary[] }>(`/v1/users/${bob.user_id}/workouts`, cat.token);
    expect(seenByCat.body.items.map((w) => w.workout_id)).not.toContain(followers.workout_id);
    await http.delete(`/v1/users/${bob.user_id}/follow`, ann.token);
    expect((await http.get(`/v1/workouts/${followers.workout_id}`, ann.token)).status).toBe(404);
  });

  it('pages through an athlete’s workouts newest first with a stable cursor', async () => {
    const dan = (await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'dan@example.com', password: 'password-1', display_name: 'Dan' })).body;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const workoutId = randomUUID();
      await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Ride', start_date: new Date(DEFAULT_START_TIME + i * 86400_000).toISOString() }, dan.token);
      ids.unshift(workoutId);
    }
    const page1 = await http.get<{ items: Summary[]; next_cursor: string }>(`/v1/users/${dan.user_id}/workouts?limit=2`, ann.token);
    const inserted = randomUUID();
    await http.post('/v1/workouts', { workout_id: inserted, sport_type: 'Ride', start_date: new Date(DEFAULT_START_TIME + 9 * 86400_000).toISOString() }, dan.token);
    const page2 = await http.get<{ items: Summary[]; next_cursor: string }>(`/v1/users/${dan.user_id}/workouts?limit=2&cursor=${page1.body.next_cursor}`, ann.token);
    const page3 = await http.get<{ items: Summary[]; next_cursor: string | null }>(`/v1/users/${dan.user_id}/workouts?limit=2&cursor=${page2.body.next_cursor}`, ann.token);
    expect([...page1.body.items, ...page2.body.items, ...page3.body.items].map((w) => w.workout_id)).toEqual(ids);
    expect(page3.body.next_cursor).toBeNull();
    expect((await http.get<ErrorShape>(`/v1/users/${dan.user_id}/workouts?cursor=garbage`, ann.token)).status).toBe(400);
    expect((await http.get<ErrorShape>(`/v1/users/${dan.user_id}/workouts?limit=1000`, ann.token)).status).toBe(400);
  });

  it('streams new points live over SSE while the workout is active, then says it finished', async () => {
    const workoutId = randomUUID();
    await http.post('/v1/workouts', { workout_id: workoutId, sport_type: 'Run', start_date: startDate }, ann.token);
    const controller = new AbortController();
    const response = await fetch(`${app.url}/v1/workouts/${workoutId}/live`, { headers: { authorization: `Bearer ${bob.token}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let received = '';
    const readUntil = async (text: string) => {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += Buffer.from(value).toString();
      }
    };
    await readUntil(': connected');
    await http.post(`/v1/workouts/${workoutId}/telemetry`, batches[0], ann.token);
    await readUntil('event: points');
    await http.post(`/v1/workouts/${workoutId}/finish`, {}, ann.token);
    await readUntil('event: finished');
    controller.abort();
    const points = JSON.parse(received.split('event: points\ndata: ')[1].split('\n')[0]) as { seq: number; points: TelemetryPoint[] };
    expect(points.seq).toBe(0);
    expect(points.points).toHaveLength(10);
  });

  describe('importing activity files', () => {
    it('imports a GPX run as a completed workout, and the same file again is the same workout', async () => {
      const first = await http.call<Summary>('POST', '/v1/workouts/import', { raw: fixture('run.gpx'), headers: { 'content-type': 'application/gpx+xml' }, token: cat.token });
      expect(first.status).toBe(201);
      expect(first.body.status).toBe('completed');
      expect(first.body.distance).toBeGreaterThan(1000);
      const again = await http.call<Summary>('POST', '/v1/workouts/import', { raw: fixture('run.gpx'), headers: { 'content-type': 'application/gpx+xml' }, token: cat.token });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
    });

    it.each([
      ['garmin_connect.tcx', 'application/vnd.garmin.tcx+xml'],
      ['running-with-developer-data.fit', 'application/vnd.ant.fit'],
    ])('imports %s', async (name, type) => {
      const imported = await http.call<Summary>('POST', '/v1/workouts/import', { raw: fixture(name), headers: { 'content-type': type }, token: cat.token });
      expect(imported.status).toBe(201);
      expect(imported.body.distance).toBeGreaterThan(1000);
    });
  });

  describe('bad input gets a clear 4xx and appends nothing', () => {
    let active: string;
    let finished: string;
    beforeAll(async () => {
      active = randomUUID();
      await http.post('/v1/workouts', { workout_id: active, sport_type: 'Run', start_date: startDate }, ann.token);
      finished = (await record(ann.token, batches.slice(0, 2))).workout_id;
    });
    const point = (overrides: Partial<TelemetryPoint> = {}) => ({ ...track.points[0], ...overrides });
    const telemetry = (body: unknown, token?: string, id?: string) => http.post(`/v1/workouts/${id ?? active}/telemetry`, body, token ?? ann.token);

    const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, string, string]> = [
      ['a latitude out of range, naming the point', () => telemetry({ seq: 1, points: [point(), point(), point({ lat: 91 })] }), 400, 'validation_failed', 'points[2].lat'],
      ['a non-finite number', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { raw: '{"seq":1,"points":[{"t":1,"lat":1e999,"lon":0}]}', token: ann.token }), 400, 'validation_failed', 'points[0].lat'],
      ['a heart rate no human has', () => telemetry({ seq: 1, points: [point({ hr: 400 })] }), 400, 'validation_failed', 'points[0].hr'],
      ['a cadence out of range', () => telemetry({ seq: 1, points: [point({ cad: -3 })] }), 400, 'validation_failed', 'points[0].cad'],
      ['a time that is not epoch milliseconds', () => telemetry({ seq: 1, points: [point({ t: 'now' as unknown as number })] }), 400, 'validation_failed', 'points[0].t'],
      ['a point a week after the start', () => telemetry({ seq: 1, points: [point({ t: Date.now() + 86400_000 })] }), 400, 'validation_failed', 'points[0].t'],
      ['an unknown field in a point', () => telemetry({ seq: 1, points: [{ ...point(), speed: 3 }] }), 400, 'validation_failed', 'points[0].speed'],
      ['a negative seq', () => telemetry({ seq: -1, points: [point()] }), 400, 'validation_failed', 'seq'],
      ['too many points in one batch', () => telemetry({ seq: 1, points: Array.from({ length: 1001 }, () => point()) }), 400, 'validation_failed', 'at most 1000'],
      ['a batch over the byte limit', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { raw: JSON.stringify({ seq: 1, points: [point()], pad: 'x'.repeat(300_000) }), token: ann.token }), 413, 'payload_too_large', ''],
      ['telemetry that is not JSON', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { raw: '{"seq":1,"points":[', token: ann.token }), 400, 'malformed_json', ''],
      ['telemetry that is not an object', () => telemetry([point()]), 400, 'validation_failed', 'JSON object'],
      ['telemetry with an empty body', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { raw: '', token: ann.token }), 400, 'malformed_json', 'empty'],
      ['telemetry with no body at all', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { token: ann.token }), 400, 'malformed_json', 'empty'],
      ['a __proto__ key in a point', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { raw: `{"seq":1,"points":[{"t":${point().t},"lat":1,"lon":1,"__proto__":{"x":1}}]}`, token: ann.token }), 400, 'validation_failed', 'points[0].__proto__'],
      ['telemetry without a token', () => http.call('POST', `/v1/workouts/${active}/telemetry`, { body: { seq: 1, points: [point()] } }), 401, 'unauthorized', ''],
      ['telemetry with a token that is not ours', () => telemetry({ seq: 1, points: [point()] }, ann.token.slice(0, -4) + 'AAAA'), 401, 'invalid_token', ''],
      ['telemetry for an id that is not a UUID', () => telemetry({ seq: 1, points: [point()] }, ann.token, 'not-a-uuid'), 400, 'validation_failed', 'UUID'],
      ['telemetry from someone else', () => telemetry({ seq: 1, points: [point()] }, bob.token), 403, 'forbidden', ''],
      ['telemetry after the finish', () => telemetry({ seq: 9, points: [point()] }, ann.token, finished), 422, 'workout_finished', ''],
      ['telemetry for a workout that does not exist', () => telemetry({ seq: 1, points: [point()] }, ann.token, randomUUID()), 404, 'not_found', ''],
      ['an unknown sport', () => http.post('/v1/workouts', { sport_type: 'Quidditch', start_date: startDate }, ann.token), 400, 'validation_failed', 'sport_type'],
      ['a start in the future', () => http.post('/v1/workouts', { sport_type: 'Run', start_date: new Date(Date.now() + 86400_000).toISOString() }, ann.token), 400, 'validation_failed', ''],
      ['a finish by someone else', () => http.post(`/v1/workouts/${active}/finish`, {}, bob.token), 403, 'forbidden', ''],
      ['an end before the start', () => http.post(`/v1/workouts/${active}/finish`, { end_date: '2001-01-01T00:00:00Z' }, ann.token), 400, 'validation_failed', ''],
      ['a broken GPX file', () => http.call('POST', '/v1/workouts/import', { raw: '<gpx><trk>', headers: { 'content-type': 'application/gpx+xml' }, token: ann.token }), 400, 'malformed_file', ''],
      ['a GPX file nested 200,000 elements deep', () => http.call('POST', '/v1/workouts/import', { raw: `<gpx>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</gpx>`, headers: { 'content-type': 'application/gpx+xml' }, token: ann.token }), 400, 'malformed_file', 'more than 64 deep'],
      ['a GPX file with no usable points', () => http.call('POST', '/v1/workouts/import', { raw: fixture('bad.gpx'), headers: { 'content-type': 'application/gpx+xml' }, token: ann.token }), 422, 'empty_activity', ''],
      ['a FIT file without positions', () => http.call('POST', '/v1/workouts/import', { raw: fixture('failed.fit'), headers: { 'content-type': 'application/vnd.ant.fit' }, token: ann.token }), 422, 'empty_activity', ''],
      ['an empty file', () => http.call('POST', '/v1/workouts/import', { raw: '', headers: { 'content-type': 'application/vnd.ant.fit' }, token: ann.token }), 400, 'malformed_file', ''],
      ['a file of an unsupported type', () => http.call('POST', '/v1/workouts/import', { raw: 'hello', headers: { 'content-type': 'text/plain' }, token: ann.token }), 415, 'unsupported_media_type', ''],
      ['JSON sent to the import', () => http.post('/v1/workouts/import', { points: [] }, ann.token), 415, 'unsupported_media_type', ''],
    ];

    it.each(cases)('%s', async (_name, send, status, code, mentions) => {
      const head = await app.runtime.eventStore.headPosition();
      const response = await send();
      expect(response.status).toBe(status);
      expect((response.body as ErrorShape).error.code).toBe(code);
      if (mentions) expect(JSON.stringify(response.body)).toContain(mentions);
      expect(await app.runtime.eventStore.headPosition()).toBe(head);
    });
  });
});
