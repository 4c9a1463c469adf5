import type { ReadStore } from '../../core/read-store';
import { FollowDocument, followersOf } from '../../projections/followers';
import type { NotificationLookups } from '../../projections/notifications/notifications-for';
import { projectionModels } from '../../projections/projection';
import { FOLLOWERS, socialGraphProjection } from '../../projections/social/social-graph.projection';
import { WORKOUTS, WorkoutDocument, workoutsProjection } from '../../projections/workouts/workouts.projection';

/** Followers and workout visibility as the live read models know them now (for pushes and live streams). */
export function liveNotificationLookups(readStore: ReadStore): NotificationLookups {
  return {
    followersOf: (userId) => followersOf(projectionModels(readStore, socialGraphProjection).collection<FollowDocument>(FOLLOWERS), userId),
    visibilityOf: async (workoutId) =>
      (await projectionModels(readStore, workoutsProjection).collection<WorkoutDocument>(WORKOUTS).get(workoutId))?.visibility,
  };
}
