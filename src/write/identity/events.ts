import type { DomainEvent } from '../../core/decider';

export type Role = 'admin' | 'organiser' | 'reviewer';
export type GrantableRole = Exclude<Role, 'admin'>;
export const GRANTABLE_ROLES: readonly GrantableRole[] = ['organiser', 'reviewer'];

export type Visibility = 'everyone' | 'followers' | 'only_me';
export const VISIBILITIES: readonly Visibility[] = ['everyone', 'followers', 'only_me'];

export interface PrivacyZone {
  lat: number;
  lon: number;
  radius_m: number;
}

export type UserRegistered = DomainEvent<
  'UserRegistered',
  {
    user_id: string;
    email: string;
    display_name: string;
    password_hash: string;
    roles: Role[];
    default_visibility: Visibility;
  }
>;

export type UserProfileUpdated = DomainEvent<
  'UserProfileUpdated',
  { user_id: string; display_name?: string; default_visibility?: Visibility; privacy_zones?: PrivacyZone[] }
>;

export type UserRoleGranted = DomainEvent<'UserRoleGranted', { user_id: string; role: GrantableRole }>;
export type UserRoleRevoked = DomainEvent<'UserRoleRevoked', { user_id: string; role: GrantableRole }>;

export type UserEvent = UserRegistered | UserProfileUpdated | UserRoleGranted | UserRoleRevoked;

export type EmailClaimed = DomainEvent<'EmailClaimed', { email: string; user_id: string }>;

export const IDENTITY_EVENT_TYPES = ['UserRegistered', 'UserProfileUpdated', 'UserRoleGranted', 'UserRoleRevoked'] as const;
