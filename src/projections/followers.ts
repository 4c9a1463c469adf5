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
  await changeRelation(followers, followee, follower, event.type === 'UserFollowed', position);
}

/** Adds `other` to (or removes it from) `owner`'s list, once per event position. */
export async function changeRelation(
  collection: ReadCollection<FollowersDocument>,
  owner: string,
  other: string,
  add: boolean,
  position: bigint,
): Promise<void> {
  const current = await collection.get(owner);
  if (current && BigInt(current.position) >= position) return;
  const ids = new Set(current?.user_ids ?? []);
  if (add) ids.add(other);
  else ids.delete(other);
  await collection.put(owner, { user_ids: [...ids], position: position.toString() });
}

export async function followersOf(followers: ReadCollection<FollowersDocument>, userId: string): Promise<string[]> {
  return (await followers.get(userId))?.user_ids ?? [];
}
