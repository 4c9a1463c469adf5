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
  { user_id: string; display_name?: string; default_visibility?: Visibility; privacy_zones?: PrivacyZone[]; region?: string }
>;

export type UserRoleGranted = DomainEvent<'UserRoleGranted', { user_id: string; role: GrantableRole }>;
export type UserRoleRevoked = DomainEvent<'UserRoleRevoked', { user_id: string; role: GrantableRole }>;

/** Where push messages for the user go: a webhook the user's device service listens on. */
export type PushEndpointSet = DomainEvent<'PushEndpointSet', { user_id: string; url: string }>;
export type PushEndpointRemoved = DomainEvent<'PushEndpointRemoved', { user_id: string }>;

export type UserEvent = UserRegistered | UserProfileUpdated | UserRoleGranted | UserRoleRevoked | PushEndpointSet | PushEndpointRemoved;

export type EmailClaimed = DomainEvent<'EmailClaimed', { email: string; user_id: string }>;

export const IDENTITY_EVENT_TYPES = ['UserRegistered', 'UserProfileUpdated', 'UserRoleGranted', 'UserRoleRevoked'] as const;
export const PUSH_ENDPOINT_EVENT_TYPES = ['PushEndpointSet', 'PushEndpointRemoved'] as const;
