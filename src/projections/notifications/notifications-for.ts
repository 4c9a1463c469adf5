import type { RecordedEvent } from '../../core/event-store';
import type { Visibility } from '../../write/identity/events';
import type { FollowingEvent } from '../../write/social/events';
import type { WorkoutSocialEvent } from '../../write/social/workout-social-events';
import type { WorkoutCompleted } from '../../write/workouts/events';
import type { PromoOffered } from '../../write/gear/events';
import type { ShoeOffer } from '../../core/commerce/types';

export type NotificationKind = 'follower' | 'kudos' | 'comment' | 'workout' | 'promo';

export interface Notification {
  /** Unique per recipient: the causing event's id. */
  notification_id: string;
  kind: NotificationKind;
  actor_id: string;
  workout_id?: string;
  comment_id?: string;
  text?: string;
  shoe_id?: string;
  offers?: ShoeOffer[];
  expires_at?: string;
  created_at: string;
}

export interface Addressed {
  recipient_id: string;
  notification: Notification;
}

export const NOTIFYING_EVENT_TYPES = ['UserFollowed', 'KudosGiven', 'CommentAdded', 'WorkoutCompleted', 'PromoOffered'] as const;

export interface NotificationLookups {
  followersOf(userId: string): Promise<string[]>;
  visibilityOf(workoutId: string): Promise<Visibility | undefined>;
}

/**
 * Who is told what about an event: a new follower, kudos, comments and shoe offers go to the athlete; a
 * finished workout goes to the athlete's followers unless it is private. One definition for the
 * inbox, the live stream and push delivery.
 */
export async function notificationsFor(recorded: RecordedEvent, lookups: NotificationLookups): Promise<Addressed[]> {
  const event = recorded as RecordedEvent & (FollowingEvent | WorkoutSocialEvent | WorkoutCompleted | PromoOffered);
  const base = { notification_id: recorded.metadata.eventId, created_at: recorded.metadata.occurredAt };
  switch (event.type) {
    case 'UserFollowed':
      return [{ recipient_id: event.data.followee_id, notification: { ...base, kind: 'follower', actor_id: event.data.follower_id } }];
    case 'KudosGiven':
      return [{ recipient_id: event.data.athlete_id, notification: { ...base, kind: 'kudos', actor_id: event.data.giver_id, workout_id: event.data.workout_id } }];
    case 'CommentAdded':
      if (event.data.author_id === event.data.athlete_id) return [];
      return [
        {
          recipient_id: event.data.athlete_id,
          notification: { ...base, kind: 'comment', actor_id: event.data.author_id, workout_id: event.data.workout_id, comment_id: event.data.comment_id, text: event.data.text },
        },
      ];
    case 'PromoOffered':
      return [
        {
          recipient_id: event.data.owner_id,
          notification: { ...base, kind: 'promo', actor_id: 'shop', shoe_id: event.data.shoe_id, offers: event.data.offers, expires_at: event.data.expires_at },
        },
      ];
    case 'WorkoutCompleted': {
      const visibility = await lookups.visibilityOf(event.data.workout_id);
      if (!visibility || visibility === 'only_me') return [];
      const followers = await lookups.followersOf(event.data.athlete_id);
      const { notification_id, created_at } = base;
      const { athlete_id, workout_id } = event.data;
      // One per follower, so written out rather than spread from `base`: a spread per object cost
      // several µs, and an athlete may have 10,000 followers.
      return followers.map((recipient_id) => ({ recipient_id, notification: { notification_id, created_at, kind: 'workout', actor_id: athlete_id, workout_id } }));
    }
    default:
      return [];
  }
}
