import type { Visibility } from '../../write/identity/events';
import type { Relationships } from '../social/relationships';

/** Everyone sees "everyone"; followers (and the owner) see "followers"; only the owner sees "only_me". */
export async function canSee(viewerId: string, ownerId: string, visibility: Visibility, relationships: Relationships): Promise<boolean> {
  if (viewerId === ownerId || visibility === 'everyone') return true;
  if (visibility === 'only_me') return false;
  return relationships.follows(viewerId, ownerId);
}
