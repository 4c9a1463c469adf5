import type { RecordedEvent } from '../../core/event-store';
import type { Leaderboards } from '../../core/leaderboard';
import type { ChallengeCreated, ChallengeKind, ParticipationEvent } from '../../write/challenges/events';
import type { ModelDifference, Projection, ProjectionModels, ProjectionSources } from '../projection';
import { standingOf } from './scoring';

interface ResultDocument {
  value: number;
  achieved_at: string;
  status: 'counted' | 'flagged' | 'approved' | 'rejected' | 'withdrawn';
}

export interface ParticipantDocument {
  challenge_id: string;
  user_id: string;
  left: boolean;
  results: Record<string, ResultDocument>;
  position: string;
}

export interface BoardDocument {
  challenge_id: string;
  kind: ChallengeKind;
  position: string;
}

export const PARTICIPANTS = 'participants';
export const BOARDS = 'boards';

/** The board of a challenge inside a namespace (live or rebuild). */
export const boardName = (models: Pick<ProjectionModels, 'namespace'>, challengeId: string) => `${models.namespace}${challengeId}`;

/**
 * Live challenge leaderboards. Each participant's standing is recomputed from the results that
 * count (unflagged or approved) and set as an absolute score, so a re-delivered event changes
 * nothing; a left participant or one without counting results is off the board.
 */
export const leaderboardsProjection: Projection = {
  name: 'leaderboards',
  version: 1,
  eventTypes: ['ChallengeCreated', 'ChallengeLeft', 'ChallengeResultRecorded', 'ChallengeResultReviewed', 'ChallengeResultWithdrawn'],
  collections: [PARTICIPANTS, BOARDS],

  async apply(recorded, models, sources) {
    const event = recorded as RecordedEvent & (ChallengeCreated | ParticipationEvent);
    const boards = models.collection<BoardDocument>(BOARDS);
    if (event.type === 'ChallengeCreated') {
      if (!(await boards.get(event.data.challenge_id))) {
        await boards.put(event.data.challenge_id, { challenge_id: event.data.challenge_id, kind: event.data.kind, position: recorded.position.toString() });
      }
      return;
    }
    if (event.type === 'ChallengeJoined') return;
    const board = await boards.get(event.data.challenge_id);
    if (!board) return;
    const participants = models.collection<ParticipantDocument>(PARTICIPANTS);
    const id = `${event.data.challenge_id}|${event.data.user_id}`;
    const current = await participants.get(id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const next: ParticipantDocument = current ?? { challenge_id: event.data.challenge_id, user_id: event.data.user_id, left: false, results: {}, position: '' };
    switch (event.type) {
      case 'ChallengeLeft':
        next.left = true;
        break;
      case 'ChallengeResultRecorded':
        next.results[event.data.workout_id] = { value: event.data.value, achieved_at: event.data.achieved_at, status: event.data.flags.length > 0 ? 'flagged' : 'counted' };
        break;
      case 'ChallengeResultReviewed':
      case 'ChallengeResultWithdrawn': {
        const result = next.results[event.data.workout_id];
        if (result) result.status = event.type === 'ChallengeResultWithdrawn' ? 'withdrawn' : event.data.decision === 'approve' ? 'approved' : 'rejected';
        break;
      }
    }
    next.position = recorded.position.toString();
    await updateBoard(leaderboardsOf(sources), boardName(models, board.challenge_id), board.kind, next);
    await participants.put(id, next);
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

async function updateBoard(leaderboards: Leaderboards, board: string, kind: ChallengeKind, participant: ParticipantDocument): Promise<void> {
  const counted = Object.values(participant.results).filter((r) => r.status === 'counted' || r.status === 'approved');
  const standing = participant.left ? undefined : standingOf(kind, counted);
  if (standing) await leaderboards.setScore(board, participant.user_id, standing.score, standing.achievedAt);
  else await leaderboards.remove(board, participant.user_id);
}

function leaderboardsOf(sources: ProjectionSources): Leaderboards {
  if (!sources.leaderboards) throw new Error('the leaderboards projection needs the Leaderboards port');
  return sources.leaderboards;
}

async function all(leaderboards: Leaderboards, board: string) {
  const entries = [];
  for await (const entry of leaderboards.entries(board)) entries.push(entry);
  return entries;
}
