import type { RecordedEvent } from '../../core/event-store';
import { FOLLOWING_EVENT_TYPES, FollowingEvent } from '../../write/social/events';
import type { Projection } from '../projection';

/** The users one user follows (`following`) or is followed by (`followers`), by id. */
export interface RelationsDocument {
  user_ids: string[];
  position: string;
}

export const FOLLOWERS = 'followers';
export const FOLLOWING = 'following';

export const socialGraphProjection: Projection = {
  name: 'social_graph',
  version: 1,
  eventTypes: FOLLOWING_EVENT_TYPES,
  collections: [FOLLOWERS, FOLLOWING],

  async apply(recorded: RecordedEvent, models) {
    const event = recorded as RecordedEvent & FollowingEvent;
    const { follower_id: follower, followee_id: followee } = event.data;
    const add = event.type === 'UserFollowed';
    await change(models.collection<RelationsDocument>(FOLLOWING), follower, followee, add, recorded.position);
    await change(models.collection<RelationsDocument>(FOLLOWERS), followee, follower, add, recorded.position);
  },
};

async function change(
  collection: { get(id: string): Promise<RelationsDocument | undefined>; put(id: string, doc: RelationsDocument): Promise<void> },
  owner: string,
  other: string,
  add: boolean,
  position: bigint,
): Promise<void> {
  const current = await collection.get(owner);
  if (current && BigInt(current.position) >= position) return;
  const others = new Set(current?.user_ids ?? []);
  if (add) others.add(other);
  else others.delete(other);
  await collection.put(owner, { user_ids: [...others].sort(), position: position.toString() });
}
