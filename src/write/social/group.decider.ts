import { conflict, notFound } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { GroupEvent } from './group-events';

export type GroupState = { status: 'none' } | { status: 'created'; groupId: string; ownerId: string; members: ReadonlySet<string> };

export type GroupCommand =
  | { type: 'CreateGroup'; groupId: string; name: string; ownerId: string }
  | { type: 'JoinGroup'; groupId: string; userId: string }
  | { type: 'LeaveGroup'; groupId: string; userId: string };

export const groupDecider: Decider<GroupCommand, GroupState, GroupEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'CreateGroup':
        if (state.status === 'created') {
          if (state.ownerId === command.ownerId) return [];
          throw conflict('group_exists', `group ${command.groupId} already exists`);
        }
        // The creator is the group's first member.
        return [
          { type: 'GroupCreated', data: { group_id: command.groupId, name: command.name, owner_id: command.ownerId } },
          { type: 'GroupJoined', data: { group_id: command.groupId, user_id: command.ownerId } },
        ];
      case 'JoinGroup':
        if (state.status === 'none') throw notFound(`group ${command.groupId}`);
        return state.members.has(command.userId) ? [] : [{ type: 'GroupJoined', data: { group_id: command.groupId, user_id: command.userId } }];
      case 'LeaveGroup':
        if (state.status === 'none') throw notFound(`group ${command.groupId}`);
        return state.members.has(command.userId) ? [{ type: 'GroupLeft', data: { group_id: command.groupId, user_id: command.userId } }] : [];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'GroupCreated':
        return { status: 'created', groupId: event.data.group_id, ownerId: event.data.owner_id, members: new Set() };
      case 'GroupJoined':
        if (state.status === 'none') return state;
        return { ...state, members: new Set(state.members).add(event.data.user_id) };
      case 'GroupLeft': {
        if (state.status === 'none') return state;
        const members = new Set(state.members);
        members.delete(event.data.user_id);
        return { ...state, members };
      }
    }
  },
};
