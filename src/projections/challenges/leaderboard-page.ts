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
 * Applies a page of events to the boards and their documents: the page's board and participant
 * documents are read in one `getMany` each, every event is applied to them in order, and then
 * each changed document is written once (one `putMany`) and each board gets one `setScores` for
 * everybody whose standing the page touched. The result is the same as applying the events one
 * at a time: a participant's standing is a function of their document alone (absolute, never an
 * increment), so only the last state in the page matters, and an event at or before a document's
 * position changes nothing.
 *
 * Writes in the order boards, standings, documents: a crash in between leaves documents behind
 * the boards, and the events delivered again bring them level, writing the same standings.
 */
export async function applyLeaderboardPage(events: readonly RecordedEvent[], models: ProjectionModels, leaderboards: Leaderboards): Promise<void> {
  const page = events as readonly LeaderboardEvent[];
  const boards = await PageDocuments.load(
    models.collection<BoardDocument>(BOARDS),
    page.map((event) => event.data.challenge_id),
  );
  const participants = await PageDocuments.load(
    models.collection<ParticipantDocument>(PARTICIPANTS),
    page.flatMap((event) => (event.type === 'ChallengeCreated' || event.type === 'ChallengeJoined' ? [] : [participantId(event.data.challenge_id, event.data.user_id)])),
  );
  /** Participant id → the board (its document) the participant stands on. */
  const touched = new Map<string, BoardDocument>();

  for (const recorded of page) {
    if (recorded.type === 'ChallengeCreated') {
      const { challenge_id, kind } = recorded.data;
      if (!boards.get(challenge_id)) boards.set(challenge_id, { challenge_id, kind, position: recorded.position.toString() });
      continue;
    }
    if (recorded.type === 'ChallengeJoined') continue;
    const board = boards.get(recorded.data.challenge_id);
    if (!board) continue;
    const id = participantId(board.challenge_id, recorded.data.user_id);
    const current = participants.get(id);
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

const participantId = (challengeId: string, userId: string) => `${challengeId}|${userId}`;

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
  participants: PageDocuments<ParticipantDocument>,
): Promise<void> {
  const perBoard = new Map<string, { updates: ScoreUpdate[]; removals: string[] }>();
  for (const [id, board] of touched) {
    const participant = participants.get(id);
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

/**
 * The documents of one collection a page reads and changes: all read at once, the changed ones
 * written at once. The documents read are the store's copies, changed in place and handed back
 * (`handOver`): nothing keeps them after the page.
 */
class PageDocuments<T extends object> {
  private readonly changed = new Set<string>();

  private constructor(
    private readonly collection: ReadCollection<T>,
    private readonly known: Map<string, T | undefined>,
  ) {}

  static async load<T extends object>(collection: ReadCollection<T>, ids: readonly string[]): Promise<PageDocuments<T>> {
    const distinct = [...new Set(ids)];
    const documents = distinct.length > 0 ? await collection.getMany(distinct) : [];
    return new PageDocuments(collection, new Map(distinct.map((id, at) => [id, documents[at]])));
  }

  get(id: string): T | undefined {
    return this.known.get(id);
  }

  set(id: string, document: T): void {
    this.known.set(id, document);
    this.changed.add(id);
  }

  async save(): Promise<void> {
    const documents: Array<readonly [string, T]> = [];
    for (const id of this.changed) {
      const document = this.known.get(id);
      if (document) documents.push([id, document]);
    }
    if (documents.length > 0) await this.collection.putMany(documents, { handOver: true });
    this.changed.clear();
  }
}
