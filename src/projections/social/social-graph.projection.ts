import type { RecordedEvent } from '../../core/event-store';
import { FOLLOWING_EVENT_TYPES, FollowingEvent } from '../../write/social/events';
import { changeRelation } from '../followers';
import type { Projection } from '../projection';

/** The users one user follows (`following`) or is followed by (`followers`), by id. */
export interface RelationsDocument {
  user_ids: string[];
  position: string;
}

export const FOLLOWERS = 'followers';
export const FOLLOWING = 'following';

export const socialGraphProjection: Projection = {
  name: 'social_graph',
  version: 1,
  eventTypes: FOLLOWING_EVENT_TYPES,
  collections: [FOLLOWERS, FOLLOWING],

  async apply(recorded: RecordedEvent, models) {
    const event = recorded as RecordedEvent & FollowingEvent;
    const { follower_id: follower, followee_id: followee } = event.data;
    const add = event.type === 'UserFollowed';
    await changeRelation(models.collection<RelationsDocument>(FOLLOWING), follower, followee, add, recorded.position);
    await changeRelation(models.collection<RelationsDocument>(FOLLOWERS), followee, follower, add, recorded.position);
  },
};
