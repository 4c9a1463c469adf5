import { notFound, ruleViolated } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { FollowingEvent } from './events';

export interface FollowingState {
  followees: ReadonlySet<string>;
}

export type FollowingCommand =
  | { type: 'Follow'; followerId: string; followeeId: string; followeeExists: boolean }
  | { type: 'Unfollow'; followerId: string; followeeId: string };

export const followingDecider: Decider<FollowingCommand, FollowingState, FollowingEvent> = {
  initialState: { followees: new Set() },

  decide(command, state) {
    const data = { follower_id: command.followerId, followee_id: command.followeeId };
    switch (command.type) {
      case 'Follow':
        if (command.followerId === command.followeeId) throw ruleViolated('cannot_follow_self', 'you cannot follow yourself');
        if (!command.followeeExists) throw notFound(`user ${command.followeeId}`);
        return state.followees.has(command.followeeId) ? [] : [{ type: 'UserFollowed', data }];
      case 'Unfollow':
        return state.followees.has(command.followeeId) ? [{ type: 'UserUnfollowed', data }] : [];
    }
  },

  evolve(state, event) {
    const followees = new Set(state.followees);
    if (event.type === 'UserFollowed') followees.add(event.data.followee_id);
    else followees.delete(event.data.followee_id);
    return { followees };
  },
};
