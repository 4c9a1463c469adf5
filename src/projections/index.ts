import type { Projection } from './projection';
import { userProfilesProjection } from './identity/user-profiles.projection';

/** Every projection the application keeps live. */
export const ALL_PROJECTIONS: readonly Projection[] = [userProfilesProjection];

export function findProjection(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}
