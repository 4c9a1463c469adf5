import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, RecordedEvent } from '../core/event-store';
import type { JobSpec } from '../core/job-queue/types';
import { SqliteEventStore } from '../infra/event-store/sqlite/sqlite-event-store';
import { SqliteJobQueue } from '../infra/job-queue/sqlite/sqlite-job-queue';
import type { ProjectionModels } from '../projections/projection';
import { userStream } from '../write/identity/streams';
import { PUSH_JOB, pushDeliverySaga } from './push-delivery.saga';

function event(type: string, data: object, actorId: string): NewEvent {
  const id = randomUUID();
  return { type, data, metadata: { eventId: id, correlationId: id, causationId: id, actorId, occurredAt: new Date().toISOString(), schemaVersion: 1 } };
}

const NO_MODELS: ProjectionModels = {
  namespace: 'unused',
  collection: () => {
    throw new Error('the push saga keeps no read model');
  },
};

describe('push delivery saga', () => {
  let dir: string;
  let store: SqliteEventStore;
  let jobs: SqliteJobQueue;
  let enqueued: JobSpec[][];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'push-saga-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    jobs = new SqliteJobQueue(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
    enqueued = [];
    const enqueue = jobs.enqueue.bind(jobs);
    jobs.enqueue = (specs) => {
      enqueued.push(Array.isArray(specs) ? [...specs] : [specs as JobSpec]);
      return enqueue(specs);
    };
  });
  afterEach(async () => {
    await jobs.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function recorded(stream: string, newEvent: NewEvent): Promise<RecordedEvent> {
    const { position } = await store.appendToStream(stream, [newEvent]);
    for await (const found of store.readAll({ after: position - 1n, maxCount: 1 })) return found;
    throw new Error('not stored');
  }

  const setEndpoint = (userId: string) => recorded(userStream(userId), event('PushEndpointSet', { user_id: userId, url: `https://push.example.com/${userId}` }, userId));
  const removeEndpoint = (userId: string) => recorded(userStream(userId), event('PushEndpointRemoved', { user_id: userId }, userId));
  const recipients = () => enqueued.map((batch) => batch.map((spec) => (spec.payload as { recipient_id: string }).recipient_id).sort());

  it("queues a finished workout's push only for the followers who have an endpoint now, all in one enqueue, and nothing new when the event comes again", async () => {
    const [athlete, kept, removed, never, late] = Array.from({ length: 5 }, () => randomUUID());
    const followers = [kept, removed, never, late, ...Array.from({ length: 500 }, () => randomUUID())];
    const saga = pushDeliverySaga(jobs, { followersOf: async () => followers, visibilityOf: async () => 'everyone' }, 3);
    await setEndpoint(kept);
    await setEndpoint(removed);
    await removeEndpoint(removed);
    const workoutId = randomUUID();
    const completed = await recorded(`workout-${workoutId}`, event('WorkoutCompleted', { workout_id: workoutId, athlete_id: athlete }, athlete));
    await saga.apply(completed, NO_MODELS, { store });
    expect(recipients()).toEqual([[kept]]);
    expect(enqueued[0][0]).toMatchObject({ type: PUSH_JOB, maxAttempts: 3 });

    // An endpoint set after the first lookup counts for the next event; the same event again queues no new job.
    await setEndpoint(late);
    const follow = await recorded(`following-${late}`, event('UserFollowed', { follower_id: athlete, followee_id: late }, athlete));
    await saga.apply(follow, NO_MODELS, { store });
    await saga.apply(completed, NO_MODELS, { store });
    expect(recipients()).toEqual([[kept], [late], [kept, late].sort()]);
    expect((await jobs.counts()).waiting).toBe(3);
  });

  it('queues nothing for an event nobody with an endpoint is told about', async () => {
    const [athlete, fan] = [randomUUID(), randomUUID()];
    const saga = pushDeliverySaga(jobs, { followersOf: async () => [fan], visibilityOf: async () => 'only_me' }, undefined);
    await setEndpoint(fan);
    const workoutId = randomUUID();
    await saga.apply(await recorded(`workout-${workoutId}`, event('WorkoutCompleted', { workout_id: workoutId, athlete_id: athlete }, athlete)), NO_MODELS, { store });
    await saga.apply(await recorded(`following-${fan}`, event('UserFollowed', { follower_id: fan, followee_id: athlete }, fan)), NO_MODELS, { store });
    expect(enqueued).toEqual([]);
  });

  it('pushes nothing for an event recorded more than a day ago (a replay after a restart)', async () => {
    const [athlete, fan] = [randomUUID(), randomUUID()];
    const twoDaysLater = () => Date.now() + 2 * 24 * 3600_000;
    const saga = pushDeliverySaga(jobs, { followersOf: async () => [fan], visibilityOf: async () => 'everyone' }, undefined, twoDaysLater);
    await setEndpoint(fan);
    const workoutId = randomUUID();
    await saga.apply(await recorded(`workout-${workoutId}`, event('WorkoutCompleted', { workout_id: workoutId, athlete_id: athlete }, athlete)), NO_MODELS, { store });
    expect(enqueued).toEqual([]);
  });
});
