import type { RecordedEvent } from '../../core/event-store';
import type { Visibility } from '../../write/identity/events';
import type { FollowingEvent } from '../../write/social/events';
import type { WorkoutEvent } from '../../write/workouts/events';
import { applyFollowing, FOLLOWERS, followersOf, FollowersDocument } from '../followers';
import type { Projection } from '../projection';
import { Notification, NOTIFYING_EVENT_TYPES, notificationsFor } from './notifications-for';

export interface InboxDocument extends Notification {
  owner: string;
  /** Newest first: `<created_at>|<notification_id>`. */
  sort_key: string;
}

interface VisibilityDocument {
  visibility: Visibility;
  position: string;
}

export const INBOX = 'inbox';
const WORKOUTS = 'workouts';

export const notificationsProjection: Projection = {
  name: 'notifications',
  version: 1,
  eventTypes: [...new Set([...NOTIFYING_EVENT_TYPES, 'UserUnfollowed', 'WorkoutStarted', 'WorkoutVisibilityChanged'])],
  collections: [INBOX, FOLLOWERS, WORKOUTS],
  indexes: [{ collection: INBOX, field: 'owner', orderBy: 'sort_key' }],

  async apply(recorded, models) {
    const followers = models.collection<FollowersDocument>(FOLLOWERS);
    const workouts = models.collection<VisibilityDocument>(WORKOUTS);
    const event = recorded as RecordedEvent & (FollowingEvent | WorkoutEvent);
    if (event.type === 'WorkoutStarted' || event.type === 'WorkoutVisibilityChanged') {
      const current = await workouts.get(event.data.workout_id);
      if (!current || BigInt(current.position) < recorded.position) {
        await workouts.put(event.data.workout_id, { visibility: event.data.visibility, position: recorded.position.toString() });
      }
      return;
    }
    const addressed = await notificationsFor(recorded, {
      followersOf: (userId) => followersOf(followers, userId),
      visibilityOf: async (workoutId) => (await workouts.get(workoutId))?.visibility,
    });
    // Written before the follower change below, so a new follower is told, not the other way round.
    await models.collection<InboxDocument>(INBOX).putMany(
      addressed.map(({ recipient_id, notification }) => [
        `${recipient_id}|${notification.notification_id}`,
        { ...notification, owner: recipient_id, sort_key: `${notification.created_at}|${notification.notification_id}` },
      ]),
    );
    if (event.type === 'UserFollowed' || event.type === 'UserUnfollowed') await applyFollowing(followers, event, recorded.position);
  },
};
