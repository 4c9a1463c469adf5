import type { RecordedEvent } from '../../core/event-store';
import type { UserEvent, PrivacyZone, Role, Visibility } from '../../write/identity/events';
import { IDENTITY_EVENT_TYPES } from '../../write/identity/events';
import type { Projection } from '../projection';

export interface UserProfileDocument {
  user_id: string;
  email: string;
  display_name: string;
  default_visibility: Visibility;
  privacy_zones: PrivacyZone[];
  region?: string;
  roles: Role[];
  created_at: string;
  updated_at: string;
  /** `$all` position of the last event applied: guards against applying one twice. */
  position: string;
}

export const USER_PROFILES = 'profiles';

export const userProfilesProjection: Projection = {
  name: 'user_profiles',
  version: 1,
  eventTypes: IDENTITY_EVENT_TYPES,
  collections: [USER_PROFILES],

  async apply(recorded: RecordedEvent, models) {
    const event = recorded as RecordedEvent & UserEvent;
    const profiles = models.collection<UserProfileDocument>(USER_PROFILES);
    const id = event.data.user_id;
    const current = await profiles.get(id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const at = recorded.metadata.occurredAt;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'UserRegistered':
        await profiles.put(id, {
          user_id: id,
          email: event.data.email,
          display_name: event.data.display_name,
          default_visibility: event.data.default_visibility,
          privacy_zones: [],
          roles: event.data.roles,
          created_at: at,
          updated_at: at,
          position,
        });
        return;
      case 'UserProfileUpdated':
        if (!current) return;
        await profiles.put(id, {
          ...current,
          display_name: event.data.display_name ?? current.display_name,
          default_visibility: event.data.default_visibility ?? current.default_visibility,
          privacy_zones: event.data.privacy_zones ?? current.privacy_zones,
          ...(event.data.region ? { region: event.data.region } : {}),
          updated_at: at,
          position,
        });
        return;
      case 'UserRoleGranted':
        if (!current) return;
        await profiles.put(id, { ...current, roles: [...new Set([...current.roles, event.data.role])], updated_at: at, position });
        return;
      case 'UserRoleRevoked':
        if (!current) return;
        await profiles.put(id, { ...current, roles: current.roles.filter((r) => r !== event.data.role), updated_at: at, position });
        return;
    }
  },
};
