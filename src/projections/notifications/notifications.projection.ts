import type { RecordedEvent } from '../../core/event-store';
import { compositeKey } from '../../core/read-store';
import type { Visibility } from '../../write/identity/events';
import type { FollowingEvent } from '../../write/social/events';
import type { WorkoutEvent } from '../../write/workouts/events';
import { applyFollowing, FOLLOWERS, FOLLOWERS_INDEX, FollowDocument, followersOf } from '../followers';
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

/** Version 2: followers kept as one document per pair (../followers), not a list per user. */
export const notificationsProjection: Projection = {
  name: 'notifications',
  version: 2,
  eventTypes: [...new Set([...NOTIFYING_EVENT_TYPES, 'UserUnfollowed', 'WorkoutStarted', 'WorkoutVisibilityChanged'])],
  collections: [INBOX, FOLLOWERS, WORKOUTS],
  indexes: [{ collection: INBOX, field: 'owner', orderBy: 'sort_key' }, FOLLOWERS_INDEX],

  async apply(recorded, models) {
    const followers = models.collection<FollowDocument>(FOLLOWERS);
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
    // Handed over: built here for this write (a finished workout makes one per follower). Every
    // notification of one event has the event's id and time, so they share one sort key.
    const sortKey = addressed.length === 0 ? '' : compositeKey(addressed[0].notification.created_at, addressed[0].notification.notification_id);
    await models.collection<InboxDocument>(INBOX).putMany(
      addressed.map(({ recipient_id, notification }) => [compositeKey(recipient_id, notification.notification_id), inboxDocument(recipient_id, notification, sortKey)]),
      { handOver: true },
    );
    if (event.type === 'UserFollowed' || event.type === 'UserUnfollowed') await applyFollowing(followers, event, recorded.position);
  },
};

/**
 * A recipient's inbox entry: the notification's fields, then `owner` and `sort_key`
 * (`<created_at>|<notification_id>`). Not written
 * `{ ...notification, owner, sort_key }`: in V8 a spread followed by more properties cost about
 * 8 µs per object (Object.assign under 1 µs), and a finished workout makes one per follower.
 */
function inboxDocument(owner: string, notification: Notification, sort_key: string): InboxDocument {
  return Object.assign(Object.assign({}, notification), { owner, sort_key });
}
