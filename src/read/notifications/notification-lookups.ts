import type { ReadStore } from '../../core/read-store';
import type { NotificationLookups } from '../../projections/notifications/notifications-for';
import { projectionModels } from '../../projections/projection';
import { FOLLOWERS, RelationsDocument, socialGraphProjection } from '../../projections/social/social-graph.projection';
import { WORKOUTS, WorkoutDocument, workoutsProjection } from '../../projections/workouts/workouts.projection';

/** Followers and workout visibility as the live read models know them now (for pushes and live streams). */
export function liveNotificationLookups(readStore: ReadStore): NotificationLookups {
  return {
    followersOf: async (userId) =>
      (await projectionModels(readStore, socialGraphProjection).collection<RelationsDocument>(FOLLOWERS).get(userId))?.user_ids ?? [],
    visibilityOf: async (workoutId) =>
      (await projectionModels(readStore, workoutsProjection).collection<WorkoutDocument>(WORKOUTS).get(workoutId))?.visibility,
  };
}
