import { given } from '../../core/decider/testing';
import type { UserFollowed } from './events';
import { followingDecider } from './following.decider';

const followed: UserFollowed = { type: 'UserFollowed', data: { follower_id: 'ann', followee_id: 'bob' } };
const follow = (followeeId = 'bob', followeeExists = true) => ({ type: 'Follow' as const, followerId: 'ann', followeeId, followeeExists });
const unfollow = { type: 'Unfollow' as const, followerId: 'ann', followeeId: 'bob' };

describe('following decider', () => {
  it('given nothing, when Ann follows Bob, then she follows him', () => {
    given(followingDecider, []).when(follow()).then([followed]);
  });

  it('given Ann follows Bob, when she follows him again, then nothing new happens', () => {
    given(followingDecider, [followed]).when(follow()).then([]);
  });

  it('given nothing, when Ann follows herself, then the rule is broken', () => {
    given(followingDecider, []).when(follow('ann')).thenFails('cannot_follow_self', 'rule_violated');
  });

  it('given nothing, when Ann follows someone who does not exist, then the user is not found', () => {
    given(followingDecider, []).when(follow('ghost', false)).thenFails('not_found', 'not_found');
  });

  it('given Ann follows Bob, when she unfollows him, then she no longer follows him', () => {
    given(followingDecider, [followed]).when(unfollow).then([{ type: 'UserUnfollowed', data: { follower_id: 'ann', followee_id: 'bob' } }]);
  });

  it('given Ann does not follow Bob, when she unfollows him, then nothing happens', () => {
    given(followingDecider, []).when(unfollow).then([]);
  });
});
