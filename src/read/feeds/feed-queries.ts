import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { FEED_ITEMS, FeedItemDocument, feedsProjection, GROUP_FEED_ITEMS } from '../../projections/feeds/feeds.projection';
import { GROUPS, GroupDocument, groupsProjection } from '../../projections/groups/groups.projection';
import { projectionModels } from '../../projections/projection';
import { COUNTERS, WorkoutCountersDocument, workoutSocialProjection } from '../../projections/workout-social/workout-social.projection';
import { decodeCursor, Page, toPage } from '../cursor';

export interface FeedItemView {
  workout_id: string;
  athlete: { id: string; display_name: string };
  sport_type: string;
  name: string | null;
  start_date: string;
  distance: number;
  moving_time: number;
  elapsed_time: number;
  total_elevation_gain: number;
  average_speed: number;
  map: { summary_polylines: string[] };
  kudos_count: number;
  comment_count: number;
}

export class GetFeed {
  constructor(
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

export class GetGroupFeed {
  constructor(
    readonly groupId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

abstract class FeedPageReader {
  constructor(protected readonly readStore: ReadStore) {}

  protected async page(collection: string, owner: string, limit: number, cursor: string | undefined): Promise<Page<FeedItemView>> {
    const rows = await projectionModels(this.readStore, feedsProjection)
      .collection<FeedItemDocument>(collection)
      .list({ where: { owner }, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 }, { readOnly: true });
    // Read only: the page is built from them and nothing keeps them. Counts change with every
    // kudos: joined when read (one getMany for the page) rather than rewritten in every reader's feed.
    const counters = projectionModels(this.readStore, workoutSocialProjection).collection<WorkoutCountersDocument>(COUNTERS);
    const counts = await counters.getMany(rows.map(([, item]) => item.workout_id), { readOnly: true });
    const withCounts = rows.map(([, item], i) => ({ item, counts: counts[i], sort_key: item.sort_key }));
    return toPage(withCounts, limit, ({ item, counts: counted }) => ({
      workout_id: item.workout_id,
      athlete: { id: item.athlete_id, display_name: item.athlete_name },
      sport_type: item.sport_type,
      name: item.name,
      start_date: item.start_date,
      distance: item.distance,
      moving_time: item.moving_time,
      elapsed_time: item.elapsed_time,
      total_elevation_gain: item.total_elevation_gain,
      average_speed: item.average_speed,
      map: { summary_polylines: item.summary_polylines },
      kudos_count: counted?.kudos_count ?? 0,
      comment_count: counted?.comment_count ?? 0,
    }));
  }
}

@QueryHandler(GetFeed)
export class GetFeedHandler extends FeedPageReader implements IQueryHandler<GetFeed, Page<FeedItemView>> {
  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    super(readStore);
  }

  execute({ userId, limit, cursor }: GetFeed): Promise<Page<FeedItemView>> {
    return this.page(FEED_ITEMS, userId, limit, cursor);
  }
}

@QueryHandler(GetGroupFeed)
export class GetGroupFeedHandler extends FeedPageReader implements IQueryHandler<GetGroupFeed, Page<FeedItemView>> {
  constructor(@Inject(READ_STORE) readStore: ReadStore) {
    super(readStore);
  }

  async execute({ groupId, limit, cursor }: GetGroupFeed): Promise<Page<FeedItemView>> {
    const group = await projectionModels(this.readStore, groupsProjection).collection<GroupDocument>(GROUPS).get(groupId);
    if (!group) throw notFound(`group ${groupId}`);
    return this.page(GROUP_FEED_ITEMS, groupId, limit, cursor);
  }
}
