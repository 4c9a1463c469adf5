import { randomUUID } from 'node:crypto';
import { App, client, embeddedSettings, ErrorShape, startApp } from '../support/http';

describe('identity over HTTP on the embedded defaults', () => {
  const env = embeddedSettings({ ADMIN_EMAILS: 'boss@example.com' });
  let app: App;
  const http = client(() => app);

  beforeAll(async () => {
    app = await startApp(env.settings());
  });
  afterAll(async () => {
    await app.close();
    env.cleanup();
  });

  it('registers and logs in a user, and still knows them after a restart', async () => {
    const registered = await http.post<{ user_id: string; token: string }>('/v1/auth/register', {
      email: 'Ann@Example.com',
      password: 'correct horse',
      display_name: 'Ann',
    });
    expect(registered.status).toBe(201);
    const { user_id: userId } = registered.body;

    const login = await http.post<{ token: string }>('/v1/auth/login', { email: 'ann@example.com', password: 'correct horse' });
    expect(login.status).toBe(200);
    const profile = await http.get<{ display_name: string; email: string }>(`/v1/users/${userId}`, login.body.token);
    expect(profile.body).toMatchObject({ user_id: userId, display_name: 'Ann', email: 'ann@example.com' });

    await app.close();
    app = await startApp(env.settings());

    const again = await http.post<{ token: string }>('/v1/auth/login', { email: 'ann@example.com', password: 'correct horse' });
    expect(again.status).toBe(200);
    expect((await http.get(`/v1/users/${userId}`, again.body.token)).body).toMatchObject({ user_id: userId, display_name: 'Ann' });
    // A token issued before the restart is still valid: the signing key is kept in DATA_DIR.
    expect((await http.get('/v1/me', registered.body.token)).status).toBe(200);
  });

  it('refuses a second account for the same e-mail address, whatever its case', async () => {
    expect((await http.post('/v1/auth/register', { email: 'bob@example.com', password: 'password-1', display_name: 'Bob' })).status).toBe(201);
    const twin = await http.post<ErrorShape>('/v1/auth/register', { email: ' BOB@example.com', password: 'password-2', display_name: 'Bob 2' });
    expect(twin.status).toBe(400);
    const duplicate = await http.post<ErrorShape>('/v1/auth/register', { email: 'BOB@example.com', password: 'password-2', display_name: 'Bob 2' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('email_taken');
  });

  it('answers a retried registration with the same client id like the first, and only with the right password', async () => {
    const userId = randomUUID();
    const body = { user_id: userId, email: 'cy@example.com', password: 'password-1', display_name: 'Cy' };
    expect((await http.post('/v1/auth/register', body)).status).toBe(201);
    const retried = await http.post<{ user_id: string }>('/v1/auth/register', body);
    expect(retried.status).toBe(201);
    expect(retried.body.user_id).toBe(userId);
    expect((await http.post('/v1/auth/register', { ...body, password: 'guessing-it' })).status).toBe(409);
  });

  it('rejects a wrong password and an unknown e-mail alike', async () => {
    const wrong = await http.post<ErrorShape>('/v1/auth/login', { email: 'ann@example.com', password: 'wrong password' });
    const unknown = await http.post<ErrorShape>('/v1/auth/login', { email: 'nobody@example.com', password: 'wrong password' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(unknown.body).toEqual({ error: { ...wrong.body.error, request_id: expect.any(String) } });
  });

  it('updates the profile with PATCH /v1/me and shows private fields to the owner only', async () => {
    const ann = await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'dee@example.com', password: 'password-1', display_name: 'Dee' });
    const eve = await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'eve@example.com', password: 'password-1', display_name: 'Eve' });
    const zones = [{ lat: 52.37, lon: 4.89, radius_m: 250 }];
    const patched = await http.patch('/v1/me', { display_name: 'Dee Dee', default_visibility: 'followers', privacy_zones: zones }, ann.body.token);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ display_name: 'Dee Dee', default_visibility: 'followers', privacy_zones: zones });
    const seenByEve = await http.get<Record<string, unknown>>(`/v1/users/${ann.body.user_id}`, eve.body.token);
    expect(seenByEve.body).toMatchObject({ display_name: 'Dee Dee' });
    expect(seenByEve.body).not.toHaveProperty('privacy_zones');
    expect(seenByEve.body).not.toHaveProperty('email');
  });

  it('lets an admin from ADMIN_EMAILS grant and revoke roles, and nobody else', async () => {
    const boss = await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'boss@example.com', password: 'password-1', display_name: 'Boss' });
    const rae = await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'rae@example.com', password: 'password-1', display_name: 'Rae' });
    expect((await http.get(`/v1/users/${boss.body.user_id}`, boss.body.token)).body).toMatchObject({ roles: ['admin'] });

    expect((await http.put(`/v1/users/${rae.body.user_id}/roles/reviewer`, undefined, rae.body.token)).status).toBe(403);
    expect((await http.put(`/v1/users/${rae.body.user_id}/roles/reviewer`, undefined, boss.body.token)).status).toBe(204);
    expect((await http.put(`/v1/users/${rae.body.user_id}/roles/reviewer`, undefined, boss.body.token)).status).toBe(204);
    expect((await http.get(`/v1/users/${rae.body.user_id}`, rae.body.token)).body).toMatchObject({ roles: ['reviewer'] });
    expect((await http.put(`/v1/users/${rae.body.user_id}/roles/admin`, undefined, boss.body.token)).status).toBe(400);
    expect((await http.put(`/v1/users/${randomUUID()}/roles/organiser`, undefined, boss.body.token)).status).toBe(404);
    expect((await http.delete(`/v1/users/${rae.body.user_id}/roles/reviewer`, boss.body.token)).status).toBe(204);
    expect((await http.get(`/v1/users/${rae.body.user_id}`, rae.body.token)).body).toMatchObject({ roles: [] });
  });

  it('serves health, readiness, Prometheus metrics and the OpenAPI document', async () => {
    expect((await http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await http.get('/ready')).body).toMatchObject({ status: 'ready' });
    const metrics = await http.get<string>('/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds');
    expect(metrics.body).toContain('projection_checkpoint_position{projection="user_profiles"}');
    // The embedded catalogue has no circuit to report.
    expect(metrics.body).not.toContain('commerce_circuit_state');
    // No file imported yet: the parser pool has started no thread.
    for (const gauge of ['import_parser_threads', 'import_parser_threads_busy', 'import_parser_files_waiting']) {
      expect(metrics.body).toMatch(new RegExp(`^${gauge} 0$`, 'm'));
    }
    // The event loop's busy share since the previous scrape: a fraction of one.
    const utilization = Number(/^nodejs_eventloop_utilization (\S+)$/m.exec(metrics.body)?.[1]);
    expect(utilization).toBeGreaterThan(0);
    expect(utilization).toBeLessThanOrEqual(1);
    // The embedded store's transactions so far (the users registered above), timed on its writer thread.
    expect(metrics.body).toContain('# TYPE event_store_commit_duration_seconds histogram');
    const commits = Number(/^event_store_commit_duration_seconds_count (\S+)$/m.exec(metrics.body)?.[1]);
    expect(commits).toBeGreaterThan(0);
    expect(metrics.body).toMatch(new RegExp(`^event_store_commit_duration_seconds_bucket\\{le="\\+Inf"\\} ${commits}$`, 'm'));
    const openapi = await http.get<{ paths: Record<string, unknown> }>('/docs-json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/auth/register', '/v1/me', '/v1/users/{id}', '/v1/workouts/{id}/telemetry']));
    expect((await http.get<string>('/docs')).status).toBe(200);
  });

  it('takes a form-encoded body as well as JSON', async () => {
    const form = 'email=form%40example.com&password=password-1&display_name=Form';
    const registered = await http.call<{ user_id: string }>('POST', '/v1/auth/register', { raw: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(registered.status).toBe(201);
    expect(registered.body.user_id).toEqual(expect.any(String));
  });

  it('echoes a given request id, and makes one up otherwise', async () => {
    const given = await http.call('GET', '/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    expect((await http.get('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('bad input gets a clear 4xx in the error shape and appends nothing', () => {
    let token: string;
    let userId: string;
    beforeAll(async () => {
      const user = await http.post<{ user_id: string; token: string }>('/v1/auth/register', { email: 'fay@example.com', password: 'password-1', display_name: 'Fay' });
      token = user.body.token;
      userId = user.body.user_id;
    });

    const forged = (jwt: string) => {
      const [header, payload, signature] = jwt.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      return [header, Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url'), signature].join('.');
    };

    const cases: Array<[string, () => Promise<{ status: number; body: unknown }>, number, string]> = [
      ['malformed JSON', () => http.call('POST', '/v1/auth/register', { raw: '{"email": "x@example.com",' }), 400, 'malformed_json'],
      ['an unknown field', () => http.post('/v1/auth/register', { email: 'g@example.com', password: 'password-1', display_name: 'G', roles: ['admin'] }), 400, 'validation_failed'],
      ['a JSON body that would set a prototype', () => http.call('POST', '/v1/auth/register', { raw: '{"email": "p@example.com", "__proto__": {"admin": true}}' }), 400, 'malformed_json'],
      ['a text body on a JSON route', () => http.call('POST', '/v1/auth/register', { raw: 'p@example.com', headers: { 'content-type': 'text/plain' } }), 400, 'validation_failed'],
      ['a wrong type', () => http.post('/v1/auth/register', { email: 'g@example.com', password: 12345678, display_name: 'G' }), 400, 'validation_failed'],
      ['a body that is not an object', () => http.post('/v1/auth/register', ['g@example.com']), 400, 'validation_failed'],
      ['an oversized body', () => http.call('POST', '/v1/auth/register', { raw: JSON.stringify({ email: 'g@example.com', password: 'password-1', display_name: 'x'.repeat(2 * 1024 * 1024) }) }), 413, 'payload_too_large'],
      ['a nested wrong type', () => http.patch('/v1/me', { privacy_zones: [{ lat: 'north', lon: 4, radius_m: 100 }] }, token), 400, 'validation_failed'],
      ['an out-of-range value', () => http.patch('/v1/me', { privacy_zones: [{ lat: 95, lon: 4, radius_m: 100 }] }, token), 400, 'validation_failed'],
      ['a bad enum value', () => http.patch('/v1/me', { default_visibility: 'public' }, token), 400, 'validation_failed'],
      ['missing auth', () => http.patch('/v1/me', { display_name: 'Nope' }), 401, 'unauthorized'],
      ['a malformed Authorization header', () => http.call('PATCH', '/v1/me', { body: { display_name: 'Nope' }, headers: { authorization: 'Token abc' } }), 401, 'unauthorized'],
      ['a tampered JWT', () => http.patch('/v1/me', { display_name: 'Nope' }, forged(token)), 401, 'invalid_token'],
      ['a JWT signed with another key', () => http.patch('/v1/me', { display_name: 'Nope' }, token.slice(0, -4) + 'AAAA'), 401, 'invalid_token'],
      ['a non-UUID id', () => http.get('/v1/users/not-a-uuid', token), 400, 'validation_failed'],
      ['an unknown user', () => http.get(`/v1/users/${randomUUID()}`, token), 404, 'not_found'],
      ['an unknown route', () => http.get('/v1/nowhere', token), 404, 'not_found'],
    ];

    it.each(cases)('%s', async (_name, send, status, code) => {
      const head = await app.runtime.eventStore.headPosition();
      const response = await send();
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) } });
      expect(await app.runtime.eventStore.headPosition()).toBe(head);
      expect((await http.get(`/v1/users/${userId}`, token)).body).toMatchObject({ display_name: 'Fay' });
    });
  });
});
