import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { LEADERBOARDS, Leaderboards } from '../../core/leaderboard';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { displayScore } from '../../projections/challenges/scoring';
import type { ChallengeKind } from '../../write/challenges/events';
import type { RankView } from './leaderboard-queries';
import { liveBoard } from './leaderboard-queries';

/** At most one update per viewer per interval, however often results arrive. */
export const LEADERBOARD_PUSH_INTERVAL_MS = 1000;
const TOP = 10;

export interface LeaderboardUpdate {
  top: RankView[];
  me?: RankView;
}

interface Viewer {
  userId: string;
  last?: string;
  send(update: LeaderboardUpdate): void;
}

interface Audience {
  kind: ChallengeKind;
  viewers: Set<Viewer>;
  timer: NodeJS.Timeout;
}

/**
 * Pushes rank changes to the viewers of a challenge's board. Throttled: one tick per challenge
 * per interval reads the top once for everybody and each viewer's own rank (logarithmic), and a
 * viewer hears only when what they see changed. Thousands of viewers cost thousands of rank
 * look-ups per second, not a board scan each.
 */
@Injectable()
export class LeaderboardBroadcaster implements OnApplicationShutdown {
  private readonly audiences = new Map<string, Audience>();

  constructor(
    @Inject(LEADERBOARDS) private readonly leaderboards: Leaderboards,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  watch(challengeId: string, kind: ChallengeKind, userId: string, send: (update: LeaderboardUpdate) => void): () => void {
    let audience = this.audiences.get(challengeId);
    if (!audience) {
      const created: Audience = { kind, viewers: new Set(), timer: setInterval(() => void this.tick(challengeId, created), LEADERBOARD_PUSH_INTERVAL_MS) };
      this.audiences.set(challengeId, (audience = created));
    }
    const viewer: Viewer = { userId, send };
    audience.viewers.add(viewer);
    void this.tick(challengeId, audience, viewer);
    return () => {
      audience.viewers.delete(viewer);
      if (audience.viewers.size === 0) {
        clearInterval(audience.timer);
        this.audiences.delete(challengeId);
      }
    };
  }

  onApplicationShutdown(): void {
    for (const audience of this.audiences.values()) clearInterval(audience.timer);
    this.audiences.clear();
  }

  private async tick(challengeId: string, audience: Audience, only?: Viewer): Promise<void> {
    const board = liveBoard(this.readStore, challengeId);
    const view = (entry: { rank: number; userId: string; score: number }): RankView => ({ rank: entry.rank, user_id: entry.userId, score: displayScore(audience.kind, entry.score) });
    try {
      const top = (await this.leaderboards.top(board, TOP)).map(view);
      for (const viewer of only ? [only] : [...audience.viewers]) {
        const me = await this.leaderboards.rank(board, viewer.userId);
        const update: LeaderboardUpdate = { top, ...(me ? { me: view(me) } : {}) };
        const serialised = JSON.stringify(update);
        if (serialised === viewer.last) continue;
        viewer.last = serialised;
        viewer.send(update);
      }
    } catch {
      // A store hiccup skips one tick; the next one catches up.
    }
  }
}
