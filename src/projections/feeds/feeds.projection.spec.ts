import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent } from '../../core/event-store';
import { MemoryReadStore } from '../../infra/read-store/memory/memory-read-store';
import { SqliteEventStore } from '../../infra/event-store/sqlite/sqlite-event-store';
import type { Visibility } from '../../write/identity/events';
import { followingStream } from '../../write/social/events';
import { workoutStream } from '../../write/workouts/events';
import { computeWorkoutMetrics } from '../../write/workouts/metrics';
import { syntheticTrack } from '../../write/workouts/metrics/testing/synthetic-track';
import { userStream } from '../../write/identity/streams';
import { collectionName, projectionModels } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { rebuildProjection } from '../rebuild';
import { FEED_ITEMS, FeedItemDocument, feedsProjection } from './feeds.projection';

function event(type: string, data: object, actorId: string): NewEvent {
  const id = randomUUID();
  return { type, data, metadata: { eventId: id, correlationId: id, causationId: id, actorId, occurredAt: new Date().toISOString(), schemaVersion: 1 } };
}

const TRACK = syntheticTrack({ distance: 300, speed: 3, startTime: 0 }).points;

describe('feeds projection', () => {
  let dir: string;
  let store: SqliteEventStore;
  let readStore: MemoryReadStore;
  let runner: ProjectionRunner;
  const items = () => projectionModels(readStore, feedsProjection).collection<FeedItemDocument>(FEED_ITEMS);
  const feedOf = async (owner: string) => (await items().list({ where: { owner }, orderBy: 'sort_key', limit: 100 })).map(([, item]) => item.workout_id);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feeds-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { pollIntervalMs: 20, synchronous: 'NORMAL' });
    readStore = new MemoryReadStore();
    runner = new ProjectionRunner(store, readStore, feedsProjection);
    await runner.start();
  });
  afterEach(async () => {
    await runner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function settled(): Promise<void> {
    await runner.waitFor(await store.headPosition());
  }

  async function register(userId: string, name: string): Promise<void> {
    const data = { user_id: userId, email: `${userId}@example.com`, display_name: name, password_hash: 'x', roles: [], default_visibility: 'everyone' };
    await store.appendToStream(userStream(userId), [event('UserRegistered', data, userId)]);
  }

  async function follow(follower: string, followee: string, type: 'UserFollowed' | 'UserUnfollowed' = 'UserFollowed'): Promise<void> {
    await store.appendToStream(followingStream(follower), [event(type, { follower_id: follower, followee_id: followee }, follower)]);
  }

  /** A finished workout; returns its id and the recorded WorkoutCompleted. */
  async function finishWorkout(athlete: string, visibility: Visibility, startMs = Date.now()): Promise<{ workoutId: string; completed: RecordedEvent }> {
    const workoutId = randomUUID();
    const points = TRACK.map((p) => ({ ...p, t: startMs + p.t }));
    const start_date = new Date(startMs).toISOString();
    const stream = workoutStream(workoutId);
    await store.appendToStream(stream, [
      event('WorkoutStarted', { workout_id: workoutId, athlete_id: athlete, sport_type: 'Run', start_date, visibility }, athlete),
      event('TelemetryRecorded', { workout_id: workoutId, seq: 0, points }, athlete),
    ]);
    const data = { workout_id: workoutId, athlete_id: athlete, sport_type: 'Run', start_date, end_date: new Date(points[points.length - 1].t).toISOString(), point_count: points.length, metrics: computeWorkoutMetrics(points, 'Run') };
    const { position } = await store.appendToStream(stream, [event('WorkoutCompleted', data, athlete)]);
    await settled();
    for await (const recorded of store.readAll({ after: position - 1n, maxCount: 1 })) return { workoutId, completed: recorded };
    throw new Error('the WorkoutCompleted is not in the store');
  }

  it('fans a finished workout out to the athlete and each of 1,500 followers once, sharing one item, and a re-delivered completion changes nothing', async () => {
    const athlete = randomUUID();
    const fans = Array.from({ length: 1_500 }, () => randomUUID());
    await register(athlete, 'The Athlete');
    for (const fan of fans) await follow(fan, athlete);
    const stranger = randomUUID();
    const { workoutId, completed } = await finishWorkout(athlete, 'everyone');
    expect(await items().count()).toBe(fans.length + 1);
    for (const reader of [athlete, fans[0], fans[1_499]]) expect(await feedOf(reader)).toEqual([workoutId]);
    expect(await feedOf(stranger)).toEqual([]);
    const item = await items().get(`${fans[7]}|${workoutId}`);
    expect(item).toMatchObject({ workout_id: workoutId, athlete_id: athlete, athlete_name: 'The Athlete', owner: fans[7], sport_type: 'Run' });
    expect(item?.summary_polylines.length).toBeGreaterThan(0);

    const before = await items().get(`${fans[3]}|${workoutId}`);
    await feedsProjection.apply(completed, projectionModels(readStore, feedsProjection), { store });
    expect(await items().count()).toBe(fans.length + 1);
    expect(await items().get(`${fans[3]}|${workoutId}`)).toEqual(before);
  });

  it('keeps visibility: only_me stays with the owner, a change reaches or leaves the followers, an unfollow clears the feed', async () => {
    const [athlete, fan, other] = [randomUUID(), randomUUID(), randomUUID()];
    await register(athlete, 'A');
    await follow(fan, athlete);
    await follow(other, athlete);
    const mine = await finishWorkout(athlete, 'only_me', Date.now() - 60_000);
    const shared = await finishWorkout(athlete, 'followers');
    expect(await feedOf(athlete)).toEqual([shared.workoutId, mine.workoutId]);
    expect(await feedOf(fan)).toEqual([shared.workoutId]);

    await store.appendToStream(workoutStream(mine.workoutId), [event('WorkoutVisibilityChanged', { workout_id: mine.workoutId, athlete_id: athlete, visibility: 'everyone' }, athlete)]);
    await store.appendToStream(workoutStream(shared.workoutId), [event('WorkoutVisibilityChanged', { workout_id: shared.workoutId, athlete_id: athlete, visibility: 'only_me' }, athlete)]);
    await settled();
    expect(await feedOf(fan)).toEqual([mine.workoutId]);
    expect(await feedOf(athlete)).toEqual([shared.workoutId, mine.workoutId]);

    await follow(fan, athlete, 'UserUnfollowed');
    await settled();
    expect(await feedOf(fan)).toEqual([]);
    expect(await feedOf(other)).toEqual([mine.workoutId]);
  });

  it('rebuilds to the same feeds as the live projection', async () => {
    const athlete = randomUUID();
    const fans = Array.from({ length: 300 }, () => randomUUID());
    await register(athlete, 'A');
    for (const fan of fans) await follow(fan, athlete);
    await finishWorkout(athlete, 'everyone', Date.now() - 120_000);
    for (const fan of fans.slice(0, 50)) await follow(fan, athlete, 'UserUnfollowed');
    await finishWorkout(athlete, 'followers', Date.now() - 60_000);
    await finishWorkout(athlete, 'only_me');
    const live = collectionName(feedsProjection, FEED_ITEMS);
    const before: Array<[string, object]> = [];
    for await (const entry of readStore.collection<object>(live).entries()) before.push(entry);

    const report = await rebuildProjection({ store, readStore, projection: feedsProjection, liveRunner: runner });
    expect(report).toMatchObject({ swapped: true, differences: [] });
    const after: Array<[string, object]> = [];
    for await (const entry of readStore.collection<object>(live).entries()) after.push(entry);
    expect(after).toEqual(before);
    // The first workout stays with the 250 fans who kept following, the second reaches them, the third only its owner.
    expect(after).toHaveLength(1 + 250 + (1 + 250) + 1);
  });
});
