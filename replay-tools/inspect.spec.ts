import { dispatch } from './dispatch';
import { contextFor, Fixture, openFixture, PASSWORD_HASH, registerUser, updateProfile, userStream } from './testing';

describe('replay-tools inspect', () => {
  let fixture: Fixture;
  let userId: string;

  beforeEach(async () => {
    fixture = openFixture();
    ({ userId } = await registerUser(fixture.store, { email: 'ada@example.com', displayName: 'Ada', requestId: 'req-42' }));
    await updateProfile(fixture.store, userId, { display_name: 'Ada L.' });
  });
  afterEach(() => fixture.close());

  it('prints every event with its revision, position, type, recordedAt, full metadata and data, redacting password_hash', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', userStream(userId)], context)).toBe(0);
    const text = context.captured.out.join('\n');
    const [first] = await collectStream(fixture, userStream(userId));
    expect(text).toContain(`UserRegistered  ${userStream(userId)}@0  position ${first.position}`);
    expect(text).toContain(`UserProfileUpdated  ${userStream(userId)}@1`);
    for (const [field, value] of Object.entries(first.metadata)) {
      expect(text).toMatch(new RegExp(`^  ${field} +${escape(String(value))}$`, 'm'));
    }
    expect(text).toMatch(/^  requestId +req-42$/m);
    expect(text).toMatch(new RegExp(`^  recordedAt +${escape(first.recordedAt)}$`, 'm'));
    expect(text).toContain('"display_name": "Ada"');
    expect(text).toContain('"password_hash": "[redacted]"');
    expect(context.captured.text()).not.toContain(PASSWORD_HASH);
    expect(context.captured.text()).not.toContain('$argon2id$');
    expect(text).toContain('(2 events of');
  });

  it('prints one JSON object per line with --json, bigints as strings, still redacted', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', userStream(userId), '--json'], context)).toBe(0);
    expect(context.captured.out).toHaveLength(2);
    const events = context.captured.out.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events[0]).toMatchObject({
      streamId: userStream(userId),
      revision: '0',
      type: 'UserRegistered',
      metadata: { actorId: userId, schemaVersion: 1, requestId: 'req-42' },
      data: { user_id: userId, email: 'ada@example.com', password_hash: '[redacted]' },
    });
    expect(typeof events[0].position).toBe('string');
    expect(events[1]).toMatchObject({ revision: '1', type: 'UserProfileUpdated' });
  });

  it('reads backwards, from a revision, and stops at --limit', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', userStream(userId), '--backwards', '--limit', '1', '--json'], context)).toBe(0);
    expect(context.captured.out.map((line) => (JSON.parse(line) as { revision: string }).revision)).toEqual(['1']);

    const fromOne = contextFor(fixture);
    expect(await dispatch(['inspect', userStream(userId), '--from=1', '--json'], fromOne)).toBe(0);
    expect(fromOne.captured.out.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['UserProfileUpdated']);
  });

  it('says so and exits 1 when the stream does not exist', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', 'user-nobody'], context)).toBe(1);
    expect(context.captured.err.join('\n')).toContain('stream "user-nobody" not found');
    expect(context.captured.out).toEqual([]);
  });

  it('exits 0 with a note when the stream exists but has nothing from that revision', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['inspect', userStream(userId), '--from', '9'], context)).toBe(0);
    expect(context.captured.err.join('\n')).toContain('has no events from revision 9');
  });
});

async function collectStream(fixture: Fixture, stream: string) {
  const events = [];
  for await (const event of fixture.store.readStream(stream)) events.push(event);
  return events;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
