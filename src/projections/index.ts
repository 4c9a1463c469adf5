import type { Projection } from './projection';
import { userProfilesProjection } from './identity/user-profiles.projection';
import { socialGraphProjection } from './social/social-graph.projection';
import { workoutsProjection } from './workouts/workouts.projection';

/** Every projection the application keeps live. */
export const ALL_PROJECTIONS: readonly Projection[] = [userProfilesProjection, workoutsProjection, socialGraphProjection];

export function findProjection(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}
