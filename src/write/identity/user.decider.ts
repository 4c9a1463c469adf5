import { conflict, forbidden, notFound } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { GrantableRole, PrivacyZone, Role, UserEvent, Visibility } from './events';

export type UserState =
  | { status: 'none' }
  | {
      status: 'registered';
      userId: string;
      email: string;
      displayName: string;
      passwordHash: string;
      roles: Role[];
      defaultVisibility: Visibility;
      privacyZones: PrivacyZone[];
      /** ISO 3166-1 alpha-2 country, for offers in stock where the athlete lives. */
      region?: string;
      pushEndpoint?: string;
    };

export interface ProfileChanges {
  display_name?: string;
  default_visibility?: Visibility;
  privacy_zones?: PrivacyZone[];
  region?: string;
}

export type UserCommand =
  | {
      type: 'RegisterUser';
      userId: string;
      email: string;
      displayName: string;
      passwordHash: string;
      isAdmin: boolean;
    }
  | { type: 'UpdateProfile'; userId: string; actorId: string; changes: ProfileChanges }
  | { type: 'GrantRole'; userId: string; role: GrantableRole; actorRoles: readonly Role[] }
  | { type: 'RevokeRole'; userId: string; role: GrantableRole; actorRoles: readonly Role[] }
  | { type: 'SetPushEndpoint'; userId: string; actorId: string; url: string | null };

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterUser':
        if (state.status === 'registered') {
          if (state.email === command.email) return [];
          throw conflict('user_exists', `user ${command.userId} already exists`);
        }
        return [
          {
            type: 'UserRegistered',
            data: {
              user_id: command.userId,
              email: command.email,
              display_name: command.displayName,
              password_hash: command.passwordHash,
              roles: command.isAdmin ? ['admin'] : [],
              default_visibility: 'everyone',
            },
          },
        ];

      case 'UpdateProfile': {
        if (state.status !== 'registered') throw notFound(`user ${command.userId}`);
        if (command.actorId !== state.userId) throw forbidden('only the user may change their profile');
        const changed = changedFields(state, command.changes);
        return Object.keys(changed).length === 0 ? [] : [{ type: 'UserProfileUpdated', data: { user_id: state.userId, ...changed } }];
      }

      case 'SetPushEndpoint': {
        if (state.status !== 'registered') throw notFound(`user ${command.userId}`);
        if (command.actorId !== state.userId) throw forbidden('only the user may set their push endpoint');
        if (command.url === null) return state.pushEndpoint ? [{ type: 'PushEndpointRemoved', data: { user_id: state.userId } }] : [];
        return state.pushEndpoint === command.url ? [] : [{ type: 'PushEndpointSet', data: { user_id: state.userId, url: command.url } }];
      }

      case 'GrantRole':
      case 'RevokeRole': {
        if (!command.actorRoles.includes('admin')) throw forbidden('only an admin may grant or revoke roles');
        if (state.status !== 'registered') throw notFound(`user ${command.userId}`);
        const has = state.roles.includes(command.role);
        if (command.type === 'GrantRole') {
          return has ? [] : [{ type: 'UserRoleGranted', data: { user_id: state.userId, role: command.role } }];
        }
        return has ? [{ type: 'UserRoleRevoked', data: { user_id: state.userId, role: command.role } }] : [];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UserRegistered':
        return {
          status: 'registered',
          userId: event.data.user_id,
          email: event.data.email,
          displayName: event.data.display_name,
          passwordHash: event.data.password_hash,
          roles: event.data.roles,
          defaultVisibility: event.data.default_visibility,
          privacyZones: [],
        };
      case 'UserProfileUpdated':
        if (state.status !== 'registered') return state;
        return {
          ...state,
          displayName: event.data.display_name ?? state.displayName,
          defaultVisibility: event.data.default_visibility ?? state.defaultVisibility,
          privacyZones: event.data.privacy_zones ?? state.privacyZones,
          ...(event.data.region ? { region: event.data.region } : {}),
        };
      case 'UserRoleGranted':
        if (state.status !== 'registered') return state;
        return { ...state, roles: [...state.roles, event.data.role] };
      case 'UserRoleRevoked':
        if (state.status !== 'registered') return state;
        return { ...state, roles: state.roles.filter((role) => role !== event.data.role) };
      case 'PushEndpointSet':
        if (state.status !== 'registered') return state;
        return { ...state, pushEndpoint: event.data.url };
      case 'PushEndpointRemoved': {
        if (state.status !== 'registered') return state;
        const { pushEndpoint: _removed, ...rest } = state;
        return rest;
      }
    }
  },
};

function changedFields(state: Extract<UserState, { status: 'registered' }>, changes: ProfileChanges): ProfileChanges {
  const changed: ProfileChanges = {};
  if (changes.display_name !== undefined && changes.display_name !== state.displayName) changed.display_name = changes.display_name;
  if (changes.default_visibility !== undefined && changes.default_visibility !== state.defaultVisibility) {
    changed.default_visibility = changes.default_visibility;
  }
  if (changes.privacy_zones !== undefined && JSON.stringify(changes.privacy_zones) !== JSON.stringify(state.privacyZones)) {
    changed.privacy_zones = changes.privacy_zones;
  }
  if (changes.region !== undefined && changes.region !== state.region) changed.region = changes.region;
  return changed;
}

export function assertRegistered(state: UserState, userId: string): asserts state is Extract<UserState, { status: 'registered' }> {
  if (state.status !== 'registered') throw notFound(`user ${userId}`);
}
