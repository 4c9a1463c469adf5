import { compositeKey, ReadCollection } from '../core/read-store';
import type { FollowingEvent } from '../write/social/events';

/**
 * That one user follows another. Kept by every projection that needs it (so each rebuilds on its
 * own) as one document per pair: a follow or an unfollow is one small write however many
 * followers the account has, where a list per account made catching up on 10,000 follows of
 * one athlete quadratic (each follow copied the whole list twice).
 */
export interface FollowDocument {
  followee_id: string;
  follower_id: string;
  /** `$all` position of the UserFollowed. */
  position: string;
}

export const FOLLOWERS = 'followers';

/** The index that lists a user's followers; every projection keeping {@link FOLLOWERS} declares it. */
export const FOLLOWERS_INDEX = { collection: FOLLOWERS, field: 'followee_id', orderBy: 'follower_id' } as const;

/** Follower ids read per `listKeys` call by {@link followersOf}. */
const FOLLOWERS_PAGE = 5_000;

export function followId(followeeId: string, followerId: string): string {
  return compositeKey(followeeId, followerId);
}

/**
 * Records a follow (the pair's document) or an unfollow (its removal). Both write an absolute
 * state, so applying the same event again changes nothing.
 */
export async function applyFollowing(follows: ReadCollection<FollowDocument>, event: FollowingEvent, position: bigint): Promise<void> {
  const { follower_id, followee_id } = event.data;
  const id = followId(followee_id, follower_id);
  if (event.type === 'UserFollowed') await follows.put(id, { followee_id, follower_id, position: position.toString() });
  else await follows.delete(id);
}

/**
 * Every follower of a user (in descending id order), read off {@link FOLLOWERS_INDEX} a page of
 * ids at a time, without the documents.
 */
export async function followersOf(follows: ReadCollection<FollowDocument>, userId: string): Promise<string[]> {
  let followers: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await follows.listKeys({ where: { followee_id: userId }, orderBy: 'follower_id', before, limit: FOLLOWERS_PAGE });
    followers = followers.length === 0 ? page : followers.concat(page);
    if (page.length < FOLLOWERS_PAGE) return followers;
    before = page[page.length - 1];
  }
}

export async function isFollowing(follows: ReadCollection<FollowDocument>, followerId: string, followeeId: string): Promise<boolean> {
  return (await follows.get(followId(followeeId, followerId))) !== undefined;
}
