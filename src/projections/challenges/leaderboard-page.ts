import type { RecordedEvent } from '../../core/event-store';
import { ACHIEVED_AT_MAX_MS, ACHIEVED_AT_MIN_MS, clampScore, Leaderboards, ScoreUpdate } from '../../core/leaderboard';
import type { ReadCollection } from '../../core/read-store';
import type { ChallengeCreated, ChallengeKind, ParticipationEvent } from '../../write/challenges/events';
import type { ProjectionModels } from '../projection';
import { Standing, standingOf } from './scoring';

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
  /** `$all` position of the last event applied to this participant (re-delivered ones are skipped). */
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

type LeaderboardEvent = RecordedEvent & (ChallengeCreated | ParticipationEvent);

/**
 * Applies a page of events to the boards and their documents: each participant's document is
 * read once and written once, and each board gets one `setScores` for everybody whose standing
 * the page touched. The result is the same as applying the events one at a time: a participant's
 * standing is a function of their document alone (absolute, never an increment), so only the
 * last state in the page matters, and an event at or before a document's position changes nothing.
 *
 * Writes in the order boards, standings, documents: a crash in between leaves documents behind
 * the boards, and the events delivered again bring them level, writing the same standings.
 */
export async function applyLeaderboardPage(events: readonly RecordedEvent[], models: ProjectionModels, leaderboards: Leaderboards): Promise<void> {
  const boards = new PageCache(models.collection<BoardDocument>(BOARDS));
  const participants = new PageCache(models.collection<ParticipantDocument>(PARTICIPANTS));
  /** Participant id → the board (its document) the participant stands on. */
  const touched = new Map<string, BoardDocument>();

  for (const recorded of events as readonly LeaderboardEvent[]) {
    if (recorded.type === 'ChallengeCreated') {
      const { challenge_id, kind } = recorded.data;
      if (!(await boards.get(challenge_id))) boards.set(challenge_id, { challenge_id, kind, position: recorded.position.toString() });
      continue;
    }
    if (recorded.type === 'ChallengeJoined') continue;
    const board = await boards.get(recorded.data.challenge_id);
    if (!board) continue;
    const id = `${recorded.data.challenge_id}|${recorded.data.user_id}`;
    const current = await participants.get(id);
    if (current && BigInt(current.position) >= recorded.position) continue;
    const next: ParticipantDocument = current ?? { challenge_id: board.challenge_id, user_id: recorded.data.user_id, left: false, results: {}, position: '' };
    evolveParticipant(next, recorded);
    next.position = recorded.position.toString();
    participants.set(id, next);
    touched.set(id, board);
  }

  await boards.save();
  await writeStandings(leaderboards, models, touched, participants);
  await participants.save();
}

function evolveParticipant(participant: ParticipantDocument, event: RecordedEvent & ParticipationEvent): void {
  switch (event.type) {
    case 'ChallengeLeft':
      participant.left = true;
      break;
    case 'ChallengeResultRecorded':
      participant.results[event.data.workout_id] = { value: event.data.value, achieved_at: event.data.achieved_at, status: event.data.flags.length > 0 ? 'flagged' : 'counted' };
      break;
    case 'ChallengeResultReviewed':
    case 'ChallengeResultWithdrawn': {
      const result = participant.results[event.data.workout_id];
      if (result) result.status = event.type === 'ChallengeResultWithdrawn' ? 'withdrawn' : event.data.decision === 'approve' ? 'approved' : 'rejected';
      break;
    }
    case 'ChallengeJoined':
      break;
  }
}

/** One `setScores` per board for the participants with a standing; the others come off it. */
async function writeStandings(
  leaderboards: Leaderboards,
  models: ProjectionModels,
  touched: ReadonlyMap<string, BoardDocument>,
  participants: PageCache<ParticipantDocument>,
): Promise<void> {
  const perBoard = new Map<string, { updates: ScoreUpdate[]; removals: string[] }>();
  for (const [id, board] of touched) {
    const participant = participants.peek(id);
    if (!participant) continue;
    const name = boardName(models, board.challenge_id);
    let changes = perBoard.get(name);
    if (!changes) perBoard.set(name, (changes = { updates: [], removals: [] }));
    const standing = boardStanding(board.kind, participant);
    if (standing) changes.updates.push({ userId: participant.user_id, score: standing.score, achievedAt: standing.achievedAt });
    else changes.removals.push(participant.user_id);
  }
  for (const [name, { updates, removals }] of perBoard) {
    // One update alone: setScore, which writes nothing when the standing is already there (Redis).
    if (updates.length === 1) await leaderboards.setScore(name, updates[0].userId, updates[0].score, updates[0].achievedAt);
    else if (updates.length > 1) await leaderboards.setScores(name, updates);
    for (const userId of removals) await leaderboards.remove(name, userId);
  }
}

/**
 * The participant's standing from the results that count (unflagged, or approved by a reviewer);
 * none once they left or without such results. A score beyond the boards' range is clamped (it
 * still ranks first or last, the event keeps the truth); a time outside it (a clock or data gone
 * wrong) keeps the participant off the board rather than stall every board behind one event.
 */
export function boardStanding(kind: ChallengeKind, participant: ParticipantDocument): Standing | undefined {
  if (participant.left) return undefined;
  const counted = Object.values(participant.results).filter((r) => r.status === 'counted' || r.status === 'approved');
  const standing = standingOf(kind, counted);
  if (!standing || !(standing.achievedAt >= ACHIEVED_AT_MIN_MS && standing.achievedAt <= ACHIEVED_AT_MAX_MS)) return undefined;
  return { score: clampScore(standing.score), achievedAt: standing.achievedAt };
}

/** Documents of one collection as a page reads and changes them: each read once, the changed ones written at the end. */
class PageCache<T extends object> {
  private readonly known = new Map<string, T | undefined>();
  private readonly changed = new Map<string, T>();

  constructor(private readonly collection: ReadCollection<T>) {}

  async get(id: string): Promise<T | undefined> {
    if (this.known.has(id)) return this.known.get(id);
    const document = await this.collection.get(id);
    this.known.set(id, document);
    return document;
  }

  /** What the page holds for `id` (undefined when it never read or set it). */
  peek(id: string): T | undefined {
    return this.known.get(id);
  }

  set(id: string, document: T): void {
    this.known.set(id, document);
    this.changed.set(id, document);
  }

  async save(): Promise<void> {
    if (this.changed.size === 1) {
      const [[id, document]] = this.changed;
      await this.collection.put(id, document);
    } else if (this.changed.size > 1) {
      await this.collection.putMany([...this.changed]);
    }
    this.changed.clear();
  }
}
