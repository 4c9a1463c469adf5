import type { Projection } from './projection';
import { userProfilesProjection } from './identity/user-profiles.projection';
import { socialGraphProjection } from './social/social-graph.projection';
import { workoutsProjection } from './workouts/workouts.projection';
import { feedsProjection } from './feeds/feeds.projection';
import { notificationsProjection } from './notifications/notifications.projection';
import { workoutSocialProjection } from './workout-social/workout-social.projection';
import { groupsProjection } from './groups/groups.projection';
import { leaderboardsProjection } from './challenges/leaderboards.projection';
import { reviewsProjection } from './challenges/reviews.projection';
import { gearProjection } from './gear/gear.projection';

/** Every projection the application keeps live. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  userProfilesProjection,
  workoutsProjection,
  socialGraphProjection,
  feedsProjection,
  workoutSocialProjection,
  notificationsProjection,
  groupsProjection,
  leaderboardsProjection,
  reviewsProjection,
  gearProjection,
];

export function findProjection(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}
