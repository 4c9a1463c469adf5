import { dispatch } from './dispatch';
import { contextFor, Fixture, grantRole, openFixture, PASSWORD_HASH, registerUser, updateProfile } from './testing';

interface Line {
  position: string;
  type: string;
  streamId: string;
  data: Record<string, unknown>;
}

const parse = (lines: string[]) => lines.map((line) => JSON.parse(line) as Line);

describe('replay-tools tail', () => {
  let fixture: Fixture;
  let ada: string;
  let bob: string;

  beforeEach(async () => {
    fixture = openFixture();
    ({ userId: ada } = await registerUser(fixture.store, { email: 'ada@example.com', displayName: 'Ada', roles: ['admin'] }));
    ({ userId: bob } = await registerUser(fixture.store, { email: 'bob@example.com', displayName: 'Bob' }));
    await grantRole(fixture.store, bob, 'reviewer', ada);
    await updateProfile(fixture.store, ada, { default_visibility: 'followers' });
  });
  afterEach(() => fixture.close());

  it('prints the whole $all log in order, redacted', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['tail', '--json'], context)).toBe(0);
    const lines = parse(context.captured.out);
    expect(lines.map((l) => l.type)).toEqual(['EmailClaimed', 'UserRegistered', 'EmailClaimed', 'UserRegistered', 'UserRoleGranted', 'UserProfileUpdated']);
    expect(lines.map((l) => BigInt(l.position))).toEqual([...lines.map((l) => BigInt(l.position))].sort((a, b) => (a < b ? -1 : 1)));
    expect(context.captured.text()).not.toContain(PASSWORD_HASH);
    expect(lines[1].data.password_hash).toBe('[redacted]');
  });

  it('filters by one or several types', async () => {
    const one = contextFor(fixture);
    expect(await dispatch(['tail', '--type', 'UserRegistered', '--json'], one)).toBe(0);
    expect(parse(one.captured.out).map((l) => l.data.user_id)).toEqual([ada, bob]);

    const two = contextFor(fixture);
    expect(await dispatch(['tail', '--type', 'UserRoleGranted', '--type=UserProfileUpdated', '--json'], two)).toBe(0);
    expect(parse(two.captured.out).map((l) => l.type)).toEqual(['UserRoleGranted', 'UserProfileUpdated']);
  });

  it('filters by stream prefix, combined with types', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['tail', '--stream-prefix', 'useremail-', '--json'], context)).toBe(0);
    expect(parse(context.captured.out).map((l) => l.type)).toEqual(['EmailClaimed', 'EmailClaimed']);

    const both = contextFor(fixture);
    expect(await dispatch(['tail', '--stream-prefix', `user-${bob}`, '--type', 'UserRoleGranted', '--json'], both)).toBe(0);
    expect(parse(both.captured.out).map((l) => [l.type, l.streamId])).toEqual([['UserRoleGranted', `user-${bob}`]]);
  });

  it('starts strictly after --from and stops at --limit', async () => {
    const all = contextFor(fixture);
    await dispatch(['tail', '--json'], all);
    const positions = parse(all.captured.out).map((l) => l.position);

    const context = contextFor(fixture);
    expect(await dispatch(['tail', '--from', positions[2], '--limit', '2', '--json'], context)).toBe(0);
    expect(parse(context.captured.out).map((l) => l.position)).toEqual(positions.slice(3, 5));

    const typed = contextFor(fixture);
    expect(await dispatch(['tail', '--from', positions[1], '--type', 'UserRegistered', '--json'], typed)).toBe(0);
    expect(parse(typed.captured.out).map((l) => l.data.user_id)).toEqual([bob]);
  });

  it('prints readable blocks by default', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['tail', '--type', 'UserRoleGranted'], context)).toBe(0);
    const text = context.captured.out.join('\n');
    expect(text).toMatch(new RegExp(`^UserRoleGranted  user-${bob}@1  position \\d+$`, 'm'));
    expect(text).toMatch(new RegExp(`^  actorId +${ada}$`, 'm'));
    expect(text).toContain('"role": "reviewer"');
    expect(text).toContain('(1 event)');
  });

  it('follows live events after the history until the signal aborts', async () => {
    const abort = new AbortController();
    const context = contextFor(fixture, { signal: abort.signal });
    const running = dispatch(['tail', '--follow', '--type', 'UserRegistered', '--json'], context);
    await waitUntil(() => context.captured.out.length === 2);
    const { userId: cyd } = await registerUser(fixture.store, { email: 'cyd@example.com', displayName: 'Cyd' });
    await waitUntil(() => context.captured.out.length === 3);
    abort.abort();
    expect(await running).toBe(0);
    expect(parse(context.captured.out).map((l) => l.data.user_id)).toEqual([ada, bob, cyd]);
    expect(context.captured.err.join('\n')).toBe('');
  });

  it('follows from the end and stops by itself at --limit', async () => {
    const context = contextFor(fixture);
    const running = dispatch(['tail', '--follow', '--from', 'end', '--limit', '1'], context);
    await waitUntil(() => context.captured.err.some((line) => line.includes('following live')));
    const { userId: cyd } = await registerUser(fixture.store, { email: 'cyd@example.com', displayName: 'Cyd' });
    expect(await running).toBe(0);
    expect(context.captured.out.join('\n')).toContain('EmailClaimed');
    expect(context.captured.out.join('\n')).toContain(cyd);
    expect(context.captured.out.join('\n')).not.toContain('UserRegistered');
    expect(context.captured.err.join('\n')).toContain('caught up after 0 events');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
