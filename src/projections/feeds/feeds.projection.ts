import type { EventStore, RecordedEvent } from '../../core/event-store';
import { compositeKey, ReadCollection } from '../../core/read-store';
import type { PrivacyZone, UserEvent, Visibility } from '../../write/identity/events';
import type { FollowingEvent } from '../../write/social/events';
import type { GroupEvent } from '../../write/social/group-events';
import type { WorkoutEvent } from '../../write/workouts/events';
import { gatherTelemetry } from '../../write/workouts/gather-telemetry';
import type { SportType } from '../../write/workouts/telemetry-point';
import { applyFollowing, FOLLOWERS, FOLLOWERS_INDEX, FollowDocument, followersOf } from '../followers';
import type { Projection, ProjectionModels } from '../projection';
import { summaryPolylines } from './route-line';

/** What a feed shows of a workout: written once per reader (fan-out on write). */
export interface FeedItem {
  workout_id: string;
  athlete_id: string;
  athlete_name: string;
  sport_type: SportType;
  name: string | null;
  start_date: string;
  distance: number;
  moving_time: number;
  elapsed_time: number;
  total_elevation_gain: number;
  average_speed: number;
  /** Encoded polylines of the simplified route, privacy zones cut out (one per remaining piece). */
  summary_polylines: string[];
}

export interface FeedItemDocument extends FeedItem {
  /** The reader (user feed) or the group (group feed). */
  owner: string;
  /** Newest first: `<start_date>|<workout_id>`. */
  sort_key: string;
}

interface AthleteDocument {
  display_name: string;
  privacy_zones: PrivacyZone[];
  position: string;
}

interface WorkoutDocument {
  athlete_id: string;
  visibility: Visibility;
  name: string | null;
  status: 'active' | 'completed' | 'discarded';
  item: FeedItem | null;
  position: string;
}

interface GroupsDocument {
  group_ids: string[];
  position: string;
}

export const FEED_ITEMS = 'items';
export const GROUP_FEED_ITEMS = 'group_items';
const ATHLETES = 'athletes';
const WORKOUTS = 'workouts';
const MEMBER_GROUPS = 'member_groups';

/**
 * Home feeds and group feeds, fanned out on write. It keeps its own copy of who follows whom and
 * who is in which group, so it rebuilds from the streams alone. Visibility: "only_me" never leaves
 * the owner's feed; "followers" reaches followers; group feeds show only "everyone" workouts.
 * Version 2: followers kept as one document per pair (../followers), not a list per user.
 */
export const feedsProjection: Projection = {
    name: 'feeds',
    version: 2,
    eventTypes: [
      'UserRegistered',
      'UserProfileUpdated',
      'UserFollowed',
      'UserUnfollowed',
      'GroupJoined',
      'GroupLeft',
      'WorkoutStarted',
      'WorkoutCompleted',
      'WorkoutVisibilityChanged',
      'WorkoutDiscarded',
    ],
    collections: [FEED_ITEMS, GROUP_FEED_ITEMS, ATHLETES, FOLLOWERS, MEMBER_GROUPS, WORKOUTS],
    indexes: [
      { collection: FEED_ITEMS, field: 'owner', orderBy: 'sort_key' },
      { collection: FEED_ITEMS, field: 'workout_id', orderBy: 'sort_key' },
      { collection: GROUP_FEED_ITEMS, field: 'owner', orderBy: 'sort_key' },
      { collection: GROUP_FEED_ITEMS, field: 'workout_id', orderBy: 'sort_key' },
      FOLLOWERS_INDEX,
    ],

    async apply(recorded, models, { store }) {
      const event = recorded as RecordedEvent & (UserEvent | FollowingEvent | GroupEvent | WorkoutEvent);
      const position = recorded.position;
      switch (event.type) {
        case 'UserRegistered':
        case 'UserProfileUpdated':
          return updateAthlete(models.collection<AthleteDocument>(ATHLETES), event, position);
        case 'UserFollowed':
          return applyFollowing(models.collection<FollowDocument>(FOLLOWERS), event, position);
        case 'UserUnfollowed':
          await applyFollowing(models.collection<FollowDocument>(FOLLOWERS), event, position);
          await models.collection<FeedItemDocument>(FEED_ITEMS).deleteWhere({ owner: event.data.follower_id, athlete_id: event.data.followee_id });
          return;
        case 'GroupJoined':
        case 'GroupLeft':
          return updateGroups(models.collection<GroupsDocument>(MEMBER_GROUPS), event, position);
        case 'WorkoutStarted':
        case 'WorkoutCompleted':
        case 'WorkoutVisibilityChanged':
        case 'WorkoutDiscarded':
          return applyWorkout(store, models, event, position);
        default:
          return;
      }
    },
};

async function applyWorkout(store: EventStore, models: ProjectionModels, event: WorkoutEvent, position: bigint): Promise<void> {
  const workouts = models.collection<WorkoutDocument>(WORKOUTS);
  const current = await workouts.get(event.data.workout_id);
  if (current && BigInt(current.position) >= position) return;
  const at = position.toString();
  switch (event.type) {
    case 'WorkoutStarted':
      await workouts.put(event.data.workout_id, {
        athlete_id: event.data.athlete_id,
        visibility: event.data.visibility,
        name: event.data.name ?? null,
        status: 'active',
        item: null,
        position: at,
      });
      return;
    case 'WorkoutCompleted': {
      if (!current) return;
      const athlete = await models.collection<AthleteDocument>(ATHLETES).get(current.athlete_id);
      const { points } = await gatherTelemetry(store, event.data.workout_id);
      const { metrics } = event.data;
      const item: FeedItem = {
        workout_id: event.data.workout_id,
        athlete_id: current.athlete_id,
        athlete_name: athlete?.display_name ?? '',
        sport_type: event.data.sport_type,
        name: current.name,
        start_date: event.data.start_date,
        distance: metrics.distance,
        moving_time: metrics.moving_time,
        elapsed_time: metrics.elapsed_time,
        total_elevation_gain: metrics.total_elevation_gain,
        average_speed: metrics.average_speed,
        summary_polylines: summaryPolylines(points, athlete?.privacy_zones ?? []),
      };
      const completed: WorkoutDocument = { ...current, status: 'completed', item, position: at };
      await fanOut(models, completed);
      await workouts.put(event.data.workout_id, completed);
      return;
    }
    case 'WorkoutVisibilityChanged': {
      if (!current) return;
      const changed: WorkoutDocument = { ...current, visibility: event.data.visibility, position: at };
      if (current.status === 'completed') {
        await removeEverywhere(models, event.data.workout_id);
        await fanOut(models, changed);
      }
      await workouts.put(event.data.workout_id, changed);
      return;
    }
    case 'WorkoutDiscarded':
      await removeEverywhere(models, event.data.workout_id);
      if (current) await workouts.put(event.data.workout_id, { ...current, status: 'discarded', item: null, position: at });
      return;
    default:
      return;
  }
}

/**
 * Writes the item into the owner's feed, the followers' feeds and the group feeds it may reach.
 * The documents are built here for this one write and handed over to the store (not copied):
 * all of them share the item's route lines.
 */
async function fanOut(models: ProjectionModels, workout: WorkoutDocument): Promise<void> {
  const item = workout.item;
  if (!item) return;
  const sort_key = compositeKey(item.start_date, item.workout_id);
  const readers = [workout.athlete_id];
  if (workout.visibility !== 'only_me') readers.push(...(await followersOf(models.collection<FollowDocument>(FOLLOWERS), workout.athlete_id)));
  const inFeeds = readers.map((owner): [string, FeedItemDocument] => [compositeKey(owner, item.workout_id), feedItemDocument(item, owner, sort_key)]);
  await models.collection<FeedItemDocument>(FEED_ITEMS).putMany(inFeeds, { handOver: true });
  if (workout.visibility !== 'everyone') return;
  const groups = (await models.collection<GroupsDocument>(MEMBER_GROUPS).get(workout.athlete_id))?.group_ids ?? [];
  const inGroups = groups.map((owner): [string, FeedItemDocument] => [compositeKey(owner, item.workout_id), feedItemDocument(item, owner, sort_key)]);
  await models.collection<FeedItemDocument>(GROUP_FEED_ITEMS).putMany(inGroups, { handOver: true });
}

/** One reader's copy of an item, every field written out: one object shape for all of them, no spread. */
export function feedItemDocument(item: FeedItem, owner: string, sort_key: string): FeedItemDocument {
  return {
    workout_id: item.workout_id,
    athlete_id: item.athlete_id,
    athlete_name: item.athlete_name,
    sport_type: item.sport_type,
    name: item.name,
    start_date: item.start_date,
    distance: item.distance,
    moving_time: item.moving_time,
    elapsed_time: item.elapsed_time,
    total_elevation_gain: item.total_elevation_gain,
    average_speed: item.average_speed,
    summary_polylines: item.summary_polylines,
    owner,
    sort_key,
  };
}

async function removeEverywhere(models: ProjectionModels, workoutId: string): Promise<void> {
  await models.collection<FeedItemDocument>(FEED_ITEMS).deleteWhere({ workout_id: workoutId });
  await models.collection<FeedItemDocument>(GROUP_FEED_ITEMS).deleteWhere({ workout_id: workoutId });
}

async function updateAthlete(athletes: ReadCollection<AthleteDocument>, event: UserEvent, position: bigint): Promise<void> {
  const current = await athletes.get(event.data.user_id);
  if (current && BigInt(current.position) >= position) return;
  const at = position.toString();
  if (event.type === 'UserRegistered') {
    await athletes.put(event.data.user_id, { display_name: event.data.display_name, privacy_zones: [], position: at });
  } else if (event.type === 'UserProfileUpdated' && current) {
    await athletes.put(event.data.user_id, {
      display_name: event.data.display_name ?? current.display_name,
      privacy_zones: event.data.privacy_zones ?? current.privacy_zones,
      position: at,
    });
  }
}

async function updateGroups(groups: ReadCollection<GroupsDocument>, event: GroupEvent, position: bigint): Promise<void> {
  if (event.type === 'GroupCreated') return;
  const current = await groups.get(event.data.user_id);
  if (current && BigInt(current.position) >= position) return;
  const ids = new Set(current?.group_ids ?? []);
  if (event.type === 'GroupJoined') ids.add(event.data.group_id);
  else ids.delete(event.data.group_id);
  await groups.put(event.data.user_id, { group_ids: [...ids], position: position.toString() });
}
