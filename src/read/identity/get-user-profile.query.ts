import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { USER_PROFILES, UserProfileDocument, userProfilesProjection } from '../../projections/identity/user-profiles.projection';
import type { PrivacyZone, Role, Visibility } from '../../write/identity/events';

export class GetUserProfile {
  constructor(
    readonly userId: string,
    readonly viewerId: string,
  ) {}
}

/** What anyone signed in may see of a user; e-mail and privacy zones only the user. */
export interface UserProfileView {
  user_id: string;
  display_name: string;
  roles: Role[];
  created_at: string;
  email?: string;
  default_visibility?: Visibility;
  privacy_zones?: PrivacyZone[];
  region?: string;
}

@QueryHandler(GetUserProfile)
export class GetUserProfileHandler implements IQueryHandler<GetUserProfile, UserProfileView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ userId, viewerId }: GetUserProfile): Promise<UserProfileView> {
    const profiles = projectionModels(this.readStore, userProfilesProjection).collection<UserProfileDocument>(USER_PROFILES);
    const profile = await profiles.get(userId);
    if (!profile) throw notFound(`user ${userId}`);
    const view: UserProfileView = {
      user_id: profile.user_id,
      display_name: profile.display_name,
      roles: profile.roles,
      created_at: profile.created_at,
    };
    if (viewerId !== userId) return view;
    return {
      ...view,
      email: profile.email,
      default_visibility: profile.default_visibility,
      privacy_zones: profile.privacy_zones,
      ...(profile.region ? { region: profile.region } : {}),
    };
  }
}
