import type { EventStore, RecordedEvent } from '../../core/event-store';
import { MemoryReadStore } from '../../infra/read-store/memory/memory-read-store';
import { ensureIndexes, projectionModels } from '../projection';
import { INBOX, InboxDocument, notificationsProjection } from './notifications.projection';

let position = 0n;
function recorded(type: string, data: object): RecordedEvent {
  position++;
  const occurredAt = new Date(Date.UTC(2026, 0, 1, 0, 0, Number(position))).toISOString();
  return {
    streamId: 's',
    type,
    data,
    metadata: { eventId: `event-${position}`, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt, schemaVersion: 1 },
    revision: 0n,
    position,
    recordedAt: occurredAt,
  };
}

const NO_STORE = {} as EventStore;

describe('notifications projection', () => {
  const readStore = new MemoryReadStore();
  const models = projectionModels(readStore, notificationsProjection);
  const apply = (event: RecordedEvent) => notificationsProjection.apply(event, models, { store: NO_STORE });
  const inbox = async (owner: string) => (await models.collection<InboxDocument>(INBOX).list({ where: { owner }, orderBy: 'sort_key', limit: 2_000 })).map(([, n]) => n);

  beforeAll(() => ensureIndexes(notificationsProjection, models));

  it("tells each follower of a finished workout, newest first, a new follower and nobody who unfollowed; an event applied again changes nothing", async () => {
    const fans = Array.from({ length: 1_200 }, (_, i) => `fan-${i}`);
    const followed = fans.map((fan) => recorded('UserFollowed', { follower_id: fan, followee_id: 'star' }));
    for (const event of followed) await apply(event);
    await apply(recorded('UserUnfollowed', { follower_id: 'fan-7', followee_id: 'star' }));
    await apply(recorded('WorkoutStarted', { workout_id: 'w1', athlete_id: 'star', visibility: 'followers' }));
    const completed = recorded('WorkoutCompleted', { workout_id: 'w1', athlete_id: 'star' });
    await apply(completed);
    await apply(completed);
    await apply(followed[0]);

    expect(await inbox('fan-3')).toEqual([
      {
        notification_id: completed.metadata.eventId,
        created_at: completed.metadata.occurredAt,
        kind: 'workout',
        actor_id: 'star',
        workout_id: 'w1',
        owner: 'fan-3',
        sort_key: `${completed.metadata.occurredAt}|${completed.metadata.eventId}`,
      },
    ]);
    expect(await inbox('fan-7')).toEqual([]);
    const star = await inbox('star');
    expect(star).toHaveLength(1_200);
    expect(star[0]).toMatchObject({ kind: 'follower', actor_id: 'fan-1199' });
    expect(await models.collection(INBOX).count()).toBe(1_200 + 1_199);
  });

  it('tells no follower of a workout only its owner sees', async () => {
    await apply(recorded('UserFollowed', { follower_id: 'ann', followee_id: 'bob' }));
    await apply(recorded('WorkoutStarted', { workout_id: 'secret', athlete_id: 'bob', visibility: 'only_me' }));
    await apply(recorded('WorkoutCompleted', { workout_id: 'secret', athlete_id: 'bob' }));
    expect(await inbox('ann')).toEqual([]);
  });
});
