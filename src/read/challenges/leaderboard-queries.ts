import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { notFound } from '../../core/domain-error';
import { LEADERBOARDS, Leaderboards, LeaderboardEntry } from '../../core/leaderboard';
import { boardName } from '../../projections/challenges/leaderboards.projection';
import { displayScore } from '../../projections/challenges/scoring';
import { projectionModels } from '../../projections/projection';
import { leaderboardsProjection } from '../../projections/challenges/leaderboards.projection';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { challengeDefinition } from '../../write/challenges/challenge-definitions';
import type { ChallengeKind } from '../../write/challenges/events';

export interface RankView {
  rank: number;
  user_id: string;
  /** Metres (total_distance), seconds (fastest_5k) or workouts (most_workouts). */
  score: number;
}

export interface LeaderboardView {
  challenge_id: string;
  kind: ChallengeKind;
  participants_ranked: number;
  entries: RankView[];
  me?: RankView;
}

export class GetLeaderboard {
  constructor(
    readonly challengeId: string,
    readonly viewerId: string,
    readonly limit: number,
    readonly aroundMe: boolean,
  ) {}
}

/** Top N, or a window of N around the caller; with the caller's own rank either way. Logarithmic in the board's size. */
@QueryHandler(GetLeaderboard)
export class GetLeaderboardHandler implements IQueryHandler<GetLeaderboard, LeaderboardView> {
  constructor(
    private readonly processor: CommandProcessor,
    @Inject(LEADERBOARDS) private readonly leaderboards: Leaderboards,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ challengeId, viewerId, limit, aroundMe }: GetLeaderboard): Promise<LeaderboardView> {
    const challenge = await challengeDefinition(this.processor, challengeId);
    if (!challenge) throw notFound(`challenge ${challengeId}`);
    const board = liveBoard(this.readStore, challengeId);
    const view = (entry: LeaderboardEntry): RankView => ({ rank: entry.rank, user_id: entry.userId, score: displayScore(challenge.kind, entry.score) });
    const { size, me, entries } = await this.leaderboards.view(board, viewerId, aroundMe ? { top: limit, around: Math.floor(limit / 2) } : { top: limit });
    return { challenge_id: challengeId, kind: challenge.kind, participants_ranked: size, entries: entries.map(view), ...(me ? { me: view(me) } : {}) };
  }
}

export function liveBoard(readStore: ReadStore, challengeId: string): string {
  return boardName(projectionModels(readStore, leaderboardsProjection), challengeId);
}
