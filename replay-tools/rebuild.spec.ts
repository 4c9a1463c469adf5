import type { ReadStore } from '../src/core/read-store';
import { ALL_PROJECTIONS } from '../src/projections';
import { MemoryReadStore } from '../src/infra/read-store/memory/memory-read-store';
import { USER_PROFILES, userProfilesProjection } from '../src/projections/identity/user-profiles.projection';
import type { UserProfileDocument } from '../src/projections/identity/user-profiles.projection';
import { collectionName } from '../src/projections/projection';
import { ProjectionRunner } from '../src/projections/projection-runner';
import type { ProgressSink } from './command';
import { dispatch } from './dispatch';
import { claimEmail, contextFor, Fixture, grantRole, openFixture, registerUser, updateProfile } from './testing';

const PROFILES = collectionName(userProfilesProjection, USER_PROFILES);

async function documents(readStore: ReadStore): Promise<Array<[string, UserProfileDocument]>> {
  const entries: Array<[string, UserProfileDocument]> = [];
  for await (const entry of readStore.collection<UserProfileDocument>(PROFILES).entries()) entries.push(entry);
  return entries;
}

/** The model a server builds at start: a runner started (caught up) and stopped. */
async function caughtUpModel(fixture: Fixture): Promise<MemoryReadStore> {
  const readStore = new MemoryReadStore();
  const runner = new ProjectionRunner(fixture.store, readStore, userProfilesProjection);
  await runner.start();
  await runner.stop();
  return readStore;
}

describe('replay-tools rebuild', () => {
  let fixture: Fixture;
  let ada: string;
  let bob: string;

  beforeEach(async () => {
    fixture = openFixture();
    ({ userId: ada } = await registerUser(fixture.store, { email: 'ada@example.com', displayName: 'Ada', roles: ['admin'] }));
    ({ userId: bob } = await registerUser(fixture.store, { email: 'bob@example.com', displayName: 'Bob' }));
    await updateProfile(fixture.store, ada, { display_name: 'Ada L.', default_visibility: 'followers' });
    await grantRole(fixture.store, bob, 'reviewer', ada);
  });
  afterEach(() => fixture.close());

  it('in embedded mode builds the live model here, rebuilds beside it, finds no difference and swaps', async () => {
    const updates: string[] = [];
    const progress: ProgressSink = { update: (line) => void updates.push(line), done: () => undefined };
    const context = contextFor(fixture, { progress });
    expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(0);

    const text = context.captured.out.join('\n');
    expect(text).toContain('rebuild of user_profiles v1');
    expect(text).toMatch(/^ {2}events +4$/m);
    expect(text).toMatch(/^ {2}documents +2$/m);
    expect(text).toMatch(/^ {2}differences +0$/m);
    expect(text).toMatch(/^ {2}swapped +yes$/m);
    expect(text).toMatch(/^ {2}rate +\d+ events\/s$/m);
    expect(context.captured.err.join('\n')).toContain('embedded mode: building the live model');
    expect(updates.at(-1)).toMatch(/^position \d+\/\d+ \(100%\) {2}4 events {2}\d+ events\/s$/);

    const rebuilt = await documents(fixture.readStore);
    expect(rebuilt.map(([id]) => id).sort()).toEqual([ada, bob].sort());
    expect(rebuilt).toEqual(await documents(await caughtUpModel(fixture)));
    expect(rebuilt.find(([id]) => id === ada)?.[1]).toMatchObject({ display_name: 'Ada L.', default_visibility: 'followers', roles: ['admin'] });

    // The command stopped the runner it started: later events no longer reach this read store.
    await updateProfile(fixture.store, bob, { display_name: 'Robert' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await documents(fixture.readStore)).find(([id]) => id === bob)?.[1].display_name).toBe('Bob');
  });

  describe('with a corrupted live model', () => {
    let runner: ProjectionRunner;

    beforeEach(async () => {
      runner = new ProjectionRunner(fixture.store, fixture.readStore, userProfilesProjection);
      await runner.start();
    });
    afterEach(() => runner.stop());

    const corrupt = async () => {
      const profiles = fixture.readStore.collection<UserProfileDocument>(PROFILES);
      const current = await profiles.get(bob);
      await profiles.put(bob, { ...current!, display_name: 'Mallory' });
    };

    it('prints the differences, swaps nothing and exits 1', async () => {
      await corrupt();
      const context = contextFor(fixture, { liveRunners: new Map([['user_profiles', runner]]) });
      expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(1);

      const text = context.captured.out.join('\n');
      expect(text).toMatch(/^ {2}differences +1$/m);
      expect(text).toMatch(/^ {2}swapped +no$/m);
      expect(text).toContain(`  profiles / ${bob}`);
      expect(text).toMatch(/^ {4}live +\{.*"display_name":"Mallory".*\}$/m);
      expect(text).toMatch(/^ {4}rebuilt +\{.*"display_name":"Bob".*\}$/m);
      expect(text).toContain('FAILED');
      expect((await fixture.readStore.collection<UserProfileDocument>(PROFILES).get(bob))?.display_name).toBe('Mallory');
      expect(runner.isCaughtUp).toBe(true);
    });

    it('still compares when the last event in the store is of a type the projection ignores', async () => {
      await claimEmail(fixture.store, 'pending@example.com', '0b7d6c1e-3f0a-4a5b-8c9d-1e2f3a4b5c6d');
      await corrupt();
      const context = contextFor(fixture, { liveRunners: new Map([['user_profiles', runner]]) });
      expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(1);
      expect(context.captured.out.join('\n')).toContain(`  profiles / ${bob}`);
    });

    it('swaps the rebuilt model in with --force, still listing the differences', async () => {
      await corrupt();
      const context = contextFor(fixture, { liveRunners: new Map([['user_profiles', runner]]) });
      expect(await dispatch(['rebuild', 'user_profiles', '--force'], context)).toBe(0);
      const text = context.captured.out.join('\n');
      expect(text).toMatch(/^ {2}swapped +yes$/m);
      expect(text).toContain(`  profiles / ${bob}`);
      expect(text).toContain('--force');
      expect((await fixture.readStore.collection<UserProfileDocument>(PROFILES).get(bob))?.display_name).toBe('Bob');
      expect(await documents(fixture.readStore)).toEqual(await documents(await caughtUpModel(fixture)));
    });
  });

  describe('with a shared read store (MONGO_URL)', () => {
    it('compares with the model already in the store, without starting a runner', async () => {
      const runner = new ProjectionRunner(fixture.store, fixture.readStore, userProfilesProjection);
      await runner.start();
      await runner.stop();
      const profiles = fixture.readStore.collection<UserProfileDocument>(PROFILES);
      await profiles.put(ada, { ...(await profiles.get(ada))!, roles: [] });

      const context = contextFor(fixture, { readModels: 'shared' });
      expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(1);
      expect(context.captured.out.join('\n')).toContain(`  profiles / ${ada}`);
      expect(context.captured.err.join('\n')).not.toContain('embedded mode');
    });

    it('replaces a missing live model and warns that it could not be verified', async () => {
      const context = contextFor(fixture, { readModels: 'shared' });
      expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(0);
      const text = context.captured.out.join('\n');
      expect(text).toMatch(/^ {2}swapped +yes$/m);
      expect(text).toContain('WARNING');
      expect(await documents(fixture.readStore)).toEqual(await documents(await caughtUpModel(fixture)));
    });
  });

  it('works on an empty store', async () => {
    const empty = openFixture();
    try {
      const context = contextFor(empty);
      expect(await dispatch(['rebuild', 'user_profiles'], context)).toBe(0);
      expect(context.captured.out.join('\n')).toMatch(/^ {2}documents +0$/m);
    } finally {
      await empty.close();
    }
  });

  it('lists the projections with --list', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['rebuild', '--list'], context)).toBe(0);
    expect(context.captured.out.slice(0, 3)).toEqual([
      'user_profiles  v1',
      '  event types  UserRegistered, UserProfileUpdated, UserRoleGranted, UserRoleRevoked',
      '  collections  profiles',
    ]);
    expect(context.captured.out.filter((line) => !line.startsWith(' '))).toEqual(ALL_PROJECTIONS.map((p) => `${p.name}  v${p.version}`));
  });

  it('exits 2 with the list of projections for an unknown one', async () => {
    const context = contextFor(fixture);
    expect(await dispatch(['rebuild', 'no_such_projection'], context)).toBe(2);
    expect(context.captured.err.join('\n')).toContain(`unknown projection "no_such_projection"; known projections: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
    expect(context.captured.err.join('\n')).toContain('user_profiles');
  });
});
