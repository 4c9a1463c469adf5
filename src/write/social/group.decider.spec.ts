import { given } from '../../core/decider/testing';
import type { GroupEvent } from './group-events';
import { groupDecider } from './group.decider';

const created: GroupEvent[] = [
  { type: 'GroupCreated', data: { group_id: 'g1', name: 'Harriers', owner_id: 'ann' } },
  { type: 'GroupJoined', data: { group_id: 'g1', user_id: 'ann' } },
];
const join = (userId: string) => ({ type: 'JoinGroup' as const, groupId: 'g1', userId });
const leave = (userId: string) => ({ type: 'LeaveGroup' as const, groupId: 'g1', userId });

describe('group decider', () => {
  it('given nothing, when Ann creates a group, then it exists with her as its first member', () => {
    given(groupDecider, []).when({ type: 'CreateGroup', groupId: 'g1', name: 'Harriers', ownerId: 'ann' }).then(created);
  });

  it('given a group, when its creator retries the creation, then nothing new happens', () => {
    given(groupDecider, created).when({ type: 'CreateGroup', groupId: 'g1', name: 'Harriers', ownerId: 'ann' }).then([]);
  });

  it('given a group, when someone else creates one with the same id, then it conflicts', () => {
    given(groupDecider, created).when({ type: 'CreateGroup', groupId: 'g1', name: 'Other', ownerId: 'bob' }).thenFails('group_exists', 'conflict');
  });

  it('given a group, when Bob joins, then he is a member, and joining again changes nothing', () => {
    given(groupDecider, created).when(join('bob')).then([{ type: 'GroupJoined', data: { group_id: 'g1', user_id: 'bob' } }]);
    given(groupDecider, [...created, { type: 'GroupJoined', data: { group_id: 'g1', user_id: 'bob' } }]).when(join('bob')).then([]);
  });

  it('given no group, when Bob joins, then it is not found', () => {
    given(groupDecider, []).when(join('bob')).thenFails('not_found', 'not_found');
  });

  it('given Bob is a member, when he leaves, then he is not, and leaving again changes nothing', () => {
    const joined: GroupEvent = { type: 'GroupJoined', data: { group_id: 'g1', user_id: 'bob' } };
    given(groupDecider, [...created, joined]).when(leave('bob')).then([{ type: 'GroupLeft', data: { group_id: 'g1', user_id: 'bob' } }]);
    given(groupDecider, created).when(leave('bob')).then([]);
  });
});
