import type { RecordedEvent } from '../core/event-store';
import type { ReadCollection } from '../core/read-store';
import { MemoryReadStore } from '../infra/read-store/memory/memory-read-store';
import type { FollowingEvent } from '../write/social/events';
import { applyFollowing, FOLLOWERS, FOLLOWERS_INDEX, FollowDocument, followersOf, isFollowing } from './followers';

let position = 0n;
function following(type: FollowingEvent['type'], follower_id: string, followee_id: string): RecordedEvent & FollowingEvent {
  position++;
  return {
    streamId: `following-${follower_id}`,
    type,
    data: { follower_id, followee_id },
    metadata: { eventId: `e${position}`, correlationId: 'c', causationId: 'c', actorId: follower_id, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
    revision: 0n,
    position,
    recordedAt: '2026-01-01T00:00:00.000Z',
  } as RecordedEvent & FollowingEvent;
}

async function follows(): Promise<ReadCollection<FollowDocument>> {
  const collection = new MemoryReadStore().collection<FollowDocument>(FOLLOWERS);
  await collection.ensureIndex(FOLLOWERS_INDEX);
  return collection;
}

async function apply(collection: ReadCollection<FollowDocument>, event: RecordedEvent & FollowingEvent): Promise<void> {
  await applyFollowing(collection, event, event.position);
}

describe('followers kept one document per pair', () => {
  it('lists every follower of an account, also past one page of them, and only theirs', async () => {
    const collection = await follows();
    const fans = Array.from({ length: 2_500 }, (_, i) => `fan-${String(i).padStart(4, '0')}`);
    for (const fan of fans) await apply(collection, following('UserFollowed', fan, 'star'));
    await apply(collection, following('UserFollowed', 'fan-0001', 'someone-else'));
    expect((await followersOf(collection, 'star')).sort()).toEqual(fans);
    expect(await followersOf(collection, 'someone-else')).toEqual(['fan-0001']);
    expect(await followersOf(collection, 'nobody')).toEqual([]);
  });

  it('removes an unfollower, answers who follows whom, and allows following again', async () => {
    const collection = await follows();
    await apply(collection, following('UserFollowed', 'ann', 'bob'));
    await apply(collection, following('UserFollowed', 'cat', 'bob'));
    await apply(collection, following('UserUnfollowed', 'ann', 'bob'));
    expect(await followersOf(collection, 'bob')).toEqual(['cat']);
    expect(await isFollowing(collection, 'ann', 'bob')).toBe(false);
    expect(await isFollowing(collection, 'cat', 'bob')).toBe(true);
    expect(await isFollowing(collection, 'bob', 'cat')).toBe(false);
    await apply(collection, following('UserFollowed', 'ann', 'bob'));
    expect((await followersOf(collection, 'bob')).sort()).toEqual(['ann', 'cat']);
  });

  it('changes nothing when an event is delivered again', async () => {
    const collection = await follows();
    const followed = following('UserFollowed', 'ann', 'bob');
    const unfollowed = following('UserUnfollowed', 'cat', 'bob');
    await apply(collection, following('UserFollowed', 'cat', 'bob'));
    await apply(collection, followed);
    await apply(collection, followed);
    await apply(collection, unfollowed);
    await apply(collection, unfollowed);
    expect(await followersOf(collection, 'bob')).toEqual(['ann']);
    expect(await collection.get('bob|ann')).toEqual({ followee_id: 'bob', follower_id: 'ann', position: followed.position.toString() });
    expect(await collection.count()).toBe(1);
  });
});
