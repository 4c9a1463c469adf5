import type { RecordedEvent } from '../../core/event-store';
import { GROUP_EVENT_TYPES, GroupEvent } from '../../write/social/group-events';
import type { Projection } from '../projection';

export interface GroupDocument {
  group_id: string;
  name: string;
  owner_id: string;
  member_count: number;
  created_at: string;
  position: string;
}

export const GROUPS = 'groups';

export const groupsProjection: Projection = {
  name: 'groups',
  version: 1,
  eventTypes: GROUP_EVENT_TYPES,
  collections: [GROUPS],

  async apply(recorded, models) {
    const event = recorded as RecordedEvent & GroupEvent;
    const groups = models.collection<GroupDocument>(GROUPS);
    const current = await groups.get(event.data.group_id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const position = recorded.position.toString();
    if (event.type === 'GroupCreated') {
      const { group_id, name, owner_id } = event.data;
      await groups.put(group_id, { group_id, name, owner_id, member_count: 0, created_at: recorded.metadata.occurredAt, position });
    } else if (current) {
      await groups.put(current.group_id, { ...current, member_count: current.member_count + (event.type === 'GroupJoined' ? 1 : -1), position });
    }
  },
};
