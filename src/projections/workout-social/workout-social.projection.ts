import type { RecordedEvent } from '../../core/event-store';
import type { WorkoutSocialEvent } from '../../write/social/workout-social-events';
import { WORKOUT_SOCIAL_EVENT_TYPES } from '../../write/social/workout-social-events';
import type { Projection } from '../projection';

export interface WorkoutCountersDocument {
  kudos_count: number;
  comment_count: number;
  position: string;
}

export interface CommentDocument {
  comment_id: string;
  workout_id: string;
  author_id: string;
  text: string;
  created_at: string;
  /** Oldest first when read ascending: `<created_at>|<comment_id>`. */
  sort_key: string;
}

export const COUNTERS = 'counters';
export const COMMENTS = 'comments';

/** Kudos and comment counts per workout, and the comments themselves. */
export const workoutSocialProjection: Projection = {
  name: 'workout_social',
  version: 1,
  eventTypes: WORKOUT_SOCIAL_EVENT_TYPES,
  collections: [COUNTERS, COMMENTS],
  indexes: [{ collection: COMMENTS, field: 'workout_id', orderBy: 'sort_key' }],

  async apply(recorded, models) {
    const event = recorded as RecordedEvent & WorkoutSocialEvent;
    const counters = models.collection<WorkoutCountersDocument>(COUNTERS);
    const current = await counters.get(event.data.workout_id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const next = { kudos_count: current?.kudos_count ?? 0, comment_count: current?.comment_count ?? 0, position: recorded.position.toString() };
    if (event.type === 'KudosGiven') next.kudos_count++;
    else {
      next.comment_count++;
      const { comment_id, workout_id, author_id, text } = event.data;
      const created_at = recorded.metadata.occurredAt;
      await models.collection<CommentDocument>(COMMENTS).put(comment_id, { comment_id, workout_id, author_id, text, created_at, sort_key: `${created_at}|${comment_id}` });
    }
    await counters.put(event.data.workout_id, next);
  },
};
