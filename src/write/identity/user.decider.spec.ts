import { given } from '../../core/decider/testing';
import type { UserEvent, UserRegistered } from './events';
import { userDecider } from './user.decider';

const userId = '7d0c8f4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const registered: UserRegistered = {
  type: 'UserRegistered',
  data: {
    user_id: userId,
    email: 'ann@example.com',
    display_name: 'Ann',
    password_hash: '$argon2id$v=19$m=19456,t=2,p=1$salt$hash',
    roles: [],
    default_visibility: 'everyone',
  },
};
const register = (overrides: Partial<{ email: string; isAdmin: boolean }> = {}) => ({
  type: 'RegisterUser' as const,
  userId,
  email: overrides.email ?? 'ann@example.com',
  displayName: 'Ann',
  passwordHash: registered.data.password_hash,
  isAdmin: overrides.isAdmin ?? false,
});

describe('user decider', () => {
  describe('RegisterUser', () => {
    it('given no history, when registering, then the user is registered with no roles', () => {
      given(userDecider, []).when(register()).then([registered]);
    });

    it('given no history, when an address from ADMIN_EMAILS registers, then the user is an admin', () => {
      given(userDecider, []).when(register({ isAdmin: true })).then([{ ...registered, data: { ...registered.data, roles: ['admin'] } }]);
    });

    it('given a registered user, when the same registration is retried, then nothing new happens', () => {
      given(userDecider, [registered]).when(register()).then([]);
    });

    it('given a registered user, when another address registers with the same id, then it conflicts', () => {
      given(userDecider, [registered]).when(register({ email: 'bob@example.com' })).thenFails('user_exists', 'conflict');
    });
  });

  describe('UpdateProfile', () => {
    const update = (changes: object, actorId = userId) => ({ type: 'UpdateProfile' as const, userId, actorId, changes });

    it('given a registered user, when they change name and zones, then only the changed fields are recorded', () => {
      const zones = [{ lat: 52.1, lon: 4.3, radius_m: 200 }];
      given(userDecider, [registered])
        .when(update({ display_name: 'Ann B', default_visibility: 'everyone', privacy_zones: zones }))
        .then([{ type: 'UserProfileUpdated', data: { user_id: userId, display_name: 'Ann B', privacy_zones: zones } }]);
    });

    it('given a registered user, when nothing actually changes, then no event is recorded', () => {
      given(userDecider, [registered]).when(update({ display_name: 'Ann' })).then([]);
    });

    it('given a registered user, when someone else edits the profile, then it is forbidden', () => {
      given(userDecider, [registered]).when(update({ display_name: 'Eve' }, 'someone-else')).thenFails('forbidden', 'forbidden');
    });

    it('given no user, when updating, then it is not found', () => {
      given(userDecider, []).when(update({ display_name: 'Ghost' })).thenFails('not_found', 'not_found');
    });
  });

  describe('GrantRole and RevokeRole', () => {
    const grant = (actorRoles: Array<'admin' | 'reviewer'>) => ({ type: 'GrantRole' as const, userId, role: 'reviewer' as const, actorRoles });
    const granted: UserEvent = { type: 'UserRoleGranted', data: { user_id: userId, role: 'reviewer' } };

    it('given a user, when an admin grants reviewer, then the role is granted', () => {
      given(userDecider, [registered]).when(grant(['admin'])).then([granted]);
    });

    it('given a reviewer, when an admin grants reviewer again, then nothing new happens', () => {
      given(userDecider, [registered, granted]).when(grant(['admin'])).then([]);
    });

    it('given a user, when a non-admin grants a role, then it is forbidden', () => {
      given(userDecider, [registered]).when(grant(['reviewer'])).thenFails('forbidden', 'forbidden');
    });

    it('given a reviewer, when an admin revokes the role, then it is revoked, and revoking again changes nothing', () => {
      const revoke = { type: 'RevokeRole' as const, userId, role: 'reviewer' as const, actorRoles: ['admin' as const] };
      const revoked: UserEvent = { type: 'UserRoleRevoked', data: { user_id: userId, role: 'reviewer' } };
      given(userDecider, [registered, granted]).when(revoke).then([revoked]);
      given(userDecider, [registered, granted, revoked]).when(revoke).then([]);
    });
  });

  describe('SetPushEndpoint', () => {
    const set = (url: string | null, actorId = userId) => ({ type: 'SetPushEndpoint' as const, userId, actorId, url });
    const endpointSet: UserEvent = { type: 'PushEndpointSet', data: { user_id: userId, url: 'https://push.example.com/u1' } };

    it('given a user, when they set a push endpoint, then it is set, and setting the same again changes nothing', () => {
      given(userDecider, [registered]).when(set('https://push.example.com/u1')).then([endpointSet]);
      given(userDecider, [registered, endpointSet]).when(set('https://push.example.com/u1')).then([]);
    });

    it('given an endpoint, when the user removes it, then it is removed, and removing again changes nothing', () => {
      const removed: UserEvent = { type: 'PushEndpointRemoved', data: { user_id: userId } };
      given(userDecider, [registered, endpointSet]).when(set(null)).then([removed]);
      given(userDecider, [registered, endpointSet, removed]).when(set(null)).then([]);
    });

    it('given a user, when someone else sets their endpoint, then it is forbidden', () => {
      given(userDecider, [registered]).when(set('https://evil.example.com', 'eve')).thenFails('forbidden', 'forbidden');
    });
  });
});
