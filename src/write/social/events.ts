import type { DomainEvent } from '../../core/decider';

export type UserFollowed = DomainEvent<'UserFollowed', { follower_id: string; followee_id: string }>;
export type UserUnfollowed = DomainEvent<'UserUnfollowed', { follower_id: string; followee_id: string }>;
export type FollowingEvent = UserFollowed | UserUnfollowed;

export const FOLLOWING_EVENT_TYPES = ['UserFollowed', 'UserUnfollowed'] as const;

/** Whom one user follows: one stream per follower. */
export const followingStream = (followerId: string) => `following-${followerId}`;
