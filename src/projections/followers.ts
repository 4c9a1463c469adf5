import type { ReadCollection } from '../core/read-store';
import type { FollowingEvent } from '../write/social/events';

/** Who follows a user: kept by every projection that needs it, so each rebuilds on its own. */
export interface FollowersDocument {
  user_ids: string[];
  position: string;
}

export const FOLLOWERS = 'followers';

export async function applyFollowing(followers: ReadCollection<FollowersDocument>, event: FollowingEvent, position: bigint): Promise<void> {
  const { follower_id: follower, followee_id: followee } = event.data;
  const current = await followers.get(followee);
  if (current && BigInt(current.position) >= position) return;
  const ids = new Set(current?.user_ids ?? []);
  if (event.type === 'UserFollowed') ids.add(follower);
  else ids.delete(follower);
  await followers.put(followee, { user_ids: [...ids], position: position.toString() });
}

export async function followersOf(followers: ReadCollection<FollowersDocument>, userId: string): Promise<string[]> {
  return (await followers.get(userId))?.user_ids ?? [];
}
