import { computeStats } from './commands/stats';
import { dispatch } from './dispatch';
import { contextFor, Fixture, grantRole, openFixture, registerUser, updateProfile } from './testing';

describe('replay-tools stats', () => {
  let fixture: Fixture;
  beforeEach(() => {
    fixture = openFixture();
  });
  afterEach(() => fixture.close());

  it('counts streams, events, events per type and per stream category, and the first and last position', async () => {
    const { userId: ada, registered } = await registerUser(fixture.store, { email: 'ada@example.com', displayName: 'Ada', roles: ['admin'] });
    const { userId: bob } = await registerUser(fixture.store, { email: 'bob@example.com', displayName: 'Bob' });
    await updateProfile(fixture.store, ada, { display_name: 'Ada L.' });
    await updateProfile(fixture.store, ada, { default_visibility: 'only_me' });
    const last = await grantRole(fixture.store, bob, 'organiser', ada);

    const stats = await computeStats(fixture.store);
    expect(stats).toMatchObject({
      streams: 4,
      events: 7,
      eventsPerType: [
        { type: 'EmailClaimed', events: 2 },
        { type: 'UserProfileUpdated', events: 2 },
        { type: 'UserRegistered', events: 2 },
        { type: 'UserRoleGranted', events: 1 },
      ],
      eventsPerCategory: [
        { category: 'user', events: 5 },
        { category: 'useremail', events: 2 },
      ],
    });
    expect(stats.first?.position).toBeLessThan(registered.position);
    expect(stats.last?.position).toBe(last.position);
    expect(stats.last?.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const context = contextFor(fixture);
    expect(await dispatch(['stats'], context)).toBe(0);
    const text = context.captured.out.join('\n');
    expect(text).toMatch(/^streams +4$/m);
    expect(text).toMatch(/^events +7$/m);
    expect(text).toMatch(new RegExp(`^last +position ${last.position} +recorded `, 'm'));
    expect(text).toMatch(/^ {2}useremail +2$/m);

    const json = contextFor(fixture);
    expect(await dispatch(['stats', '--json'], json)).toBe(0);
    expect(JSON.parse(json.captured.out[0])).toMatchObject({ streams: 4, events: 7, last: { position: String(last.position) } });
  });

  it('works on an empty store', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['stats'], context)).toBe(0);
    expect(context.captured.out.join('\n')).toContain('the event store is empty');
    const json = contextFor(fixture);
    expect(await dispatch(['stats', '--json'], json)).toBe(0);
    expect(JSON.parse(json.captured.out[0])).toEqual({ streams: 0, events: 0, eventsPerType: [], eventsPerCategory: [], first: null, last: null });
  });
});
