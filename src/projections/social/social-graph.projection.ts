import type { RecordedEvent } from '../../core/event-store';
import { FOLLOWING_EVENT_TYPES, FollowingEvent } from '../../write/social/events';
import { applyFollowing, FOLLOWERS, FOLLOWERS_INDEX, FollowDocument } from '../followers';
import type { Projection } from '../projection';

export { FOLLOWERS };

/**
 * Who follows whom: one document per pair (see ../followers), read by id ("does A follow B?")
 * and listed by followee ("who follows B?"). Version 2: version 1 kept a list per user.
 */
export const socialGraphProjection: Projection = {
  name: 'social_graph',
  version: 2,
  eventTypes: FOLLOWING_EVENT_TYPES,
  collections: [FOLLOWERS],
  indexes: [FOLLOWERS_INDEX],

  async apply(recorded: RecordedEvent, models) {
    await applyFollowing(models.collection<FollowDocument>(FOLLOWERS), recorded as RecordedEvent & FollowingEvent, recorded.position);
  },
};
