import type { DomainEvent } from '../../core/decider';

export type GroupCreated = DomainEvent<'GroupCreated', { group_id: string; name: string; owner_id: string }>;
export type GroupJoined = DomainEvent<'GroupJoined', { group_id: string; user_id: string }>;
export type GroupLeft = DomainEvent<'GroupLeft', { group_id: string; user_id: string }>;
export type GroupEvent = GroupCreated | GroupJoined | GroupLeft;

export const GROUP_EVENT_TYPES = ['GroupCreated', 'GroupJoined', 'GroupLeft'] as const;

export const groupStream = (groupId: string) => `group-${groupId}`;
