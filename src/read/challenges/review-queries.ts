import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { forbidden, notFound } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { REVIEWS, ReviewDocument, reviewsProjection } from '../../projections/challenges/reviews.projection';
import { projectionModels } from '../../projections/projection';
import { challengeDefinition } from '../../write/challenges/challenge-definitions';
import { userStream } from '../../write/identity/streams';
import { userDecider } from '../../write/identity/user.decider';
import { decodeCursor, Page, toPage } from '../cursor';

export type ReviewView = Omit<ReviewDocument, 'sort_key' | 'position'>;

export class ListReviews {
  constructor(
    readonly challengeId: string,
    readonly viewerId: string,
    readonly status: ReviewDocument['status'] | undefined,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

export class GetReview {
  constructor(
    readonly challengeId: string,
    readonly workoutId: string,
  ) {}
}

export async function assertReviewer(processor: CommandProcessor, userId: string): Promise<void> {
  const { state } = await processor.load(userStream(userId), userDecider);
  const roles = state.status === 'registered' ? state.roles : [];
  if (!roles.includes('reviewer') && !roles.includes('admin')) throw forbidden('only reviewers see flagged results');
}

/** Flagged results of a challenge (newest first), with their evidence and every decision taken. */
@QueryHandler(ListReviews)
export class ListReviewsHandler implements IQueryHandler<ListReviews, Page<ReviewView>> {
  constructor(
    private readonly processor: CommandProcessor,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ challengeId, viewerId, status, limit, cursor }: ListReviews): Promise<Page<ReviewView>> {
    await assertReviewer(this.processor, viewerId);
    if (!(await challengeDefinition(this.processor, challengeId))) throw notFound(`challenge ${challengeId}`);
    const where: Record<string, string> = { challenge_id: challengeId };
    if (status) where.status = status;
    const rows = await projectionModels(this.readStore, reviewsProjection)
      .collection<ReviewDocument>(REVIEWS)
      .list({ where, orderBy: 'sort_key', before: decodeCursor(cursor), limit: limit + 1 });
    return toPage(
      rows.map(([, row]) => row),
      limit,
      ({ sort_key: _key, position: _position, ...review }) => review,
    );
  }
}

@QueryHandler(GetReview)
export class GetReviewHandler implements IQueryHandler<GetReview, ReviewView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ challengeId, workoutId }: GetReview): Promise<ReviewView> {
    const review = await projectionModels(this.readStore, reviewsProjection).collection<ReviewDocument>(REVIEWS).get(`${challengeId}|${workoutId}`);
    if (!review) throw notFound(`flagged result of workout ${workoutId}`);
    const { sort_key: _key, position: _position, ...view } = review;
    return view;
  }
}
