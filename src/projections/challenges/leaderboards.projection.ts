import type { Leaderboards } from '../../core/leaderboard';
import type { ModelDifference, Projection, ProjectionSources } from '../projection';
import { applyLeaderboardPage, BoardDocument, boardName, BOARDS, PARTICIPANTS } from './leaderboard-page';

export { boardName, BOARDS, PARTICIPANTS } from './leaderboard-page';
export type { BoardDocument, ParticipantDocument } from './leaderboard-page';

/**
 * Live challenge leaderboards. Each participant's standing is recomputed from the results that
 * count (unflagged or approved) and set as an absolute score, so a re-delivered event changes
 * nothing; a left participant or one without counting results is off the board. Takes pages
 * (see ./leaderboard-page): one `setScores` per board and one write per document per page.
 */
export const leaderboardsProjection: Projection = {
  name: 'leaderboards',
  version: 1,
  eventTypes: ['ChallengeCreated', 'ChallengeLeft', 'ChallengeResultRecorded', 'ChallengeResultReviewed', 'ChallengeResultWithdrawn'],
  collections: [PARTICIPANTS, BOARDS],

  apply(recorded, models, sources) {
    return applyLeaderboardPage([recorded], models, leaderboardsOf(sources));
  },

  applyBatch(events, models, sources) {
    return applyLeaderboardPage(events, models, leaderboardsOf(sources));
  },

  external: {
    async compare(live, rebuilt, sources) {
      const leaderboards = leaderboardsOf(sources);
      const differences: ModelDifference[] = [];
      for await (const [challengeId] of rebuilt.collection<BoardDocument>(BOARDS).entries()) {
        const [liveEntries, rebuiltEntries] = await Promise.all([all(leaderboards, boardName(live, challengeId)), all(leaderboards, boardName(rebuilt, challengeId))]);
        const length = Math.max(liveEntries.length, rebuiltEntries.length);
        for (let i = 0; i < length; i++) {
          if (JSON.stringify(liveEntries[i]) !== JSON.stringify(rebuiltEntries[i])) {
            differences.push({ collection: `board ${challengeId}`, id: `rank ${i + 1}`, live: liveEntries[i], rebuilt: rebuiltEntries[i] });
          }
        }
      }
      return differences;
    },
    async swap(rebuilt, live, sources) {
      for await (const [challengeId] of rebuilt.collection<BoardDocument>(BOARDS).entries()) {
        await leaderboardsOf(sources).rename(boardName(rebuilt, challengeId), boardName(live, challengeId));
      }
    },
    async drop(models, sources) {
      for await (const [challengeId] of models.collection<BoardDocument>(BOARDS).entries()) {
        await leaderboardsOf(sources).drop(boardName(models, challengeId));
      }
    },
  },
};

function leaderboardsOf(sources: ProjectionSources): Leaderboards {
  if (!sources.leaderboards) throw new Error('the leaderboards projection needs the Leaderboards port');
  return sources.leaderboards;
}

async function all(leaderboards: Leaderboards, board: string) {
  const entries = [];
  for await (const entry of leaderboards.entries(board)) entries.push(entry);
  return entries;
}
