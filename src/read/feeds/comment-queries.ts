import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { COMMENTS, CommentDocument, workoutSocialProjection } from '../../projections/workout-social/workout-social.projection';
import { decodeCursor, Page, toPage } from '../cursor';
import { Relationships } from '../social/relationships';
import { visibleWorkout } from '../workouts/get-workout.query';

export type CommentView = Omit<CommentDocument, 'sort_key'>;

export class ListComments {
  constructor(
    readonly workoutId: string,
    readonly viewerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

/** Comments on a workout the viewer may see, newest first. */
@QueryHandler(ListComments)
export class ListCommentsHandler implements IQueryHandler<ListComments, Page<CommentView>> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly relationships: Relationships,
  ) {}

  async execute({ workoutId, viewerId, limit, cursor }: ListComments): Promise<Page<CommentView>> {
    await visibleWorkout(this.readStore, this.relationships, workoutId, viewerId);
    const rows = await projectionModels(this.readStore, workoutSocialProjection)
      .collection<CommentDocument>(COMMENTS)
      .list({ where: { workout_id: workoutId }, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 });
    return toPage(
      rows.map(([, row]) => row),
      limit,
      ({ sort_key: _key, ...comment }) => comment,
    );
  }
}
