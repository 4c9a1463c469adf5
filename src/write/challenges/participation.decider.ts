import { conflict, DomainError, forbidden, notFound, ruleViolated } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { Role, Visibility } from '../identity/events';
import type { WorkoutMetrics } from '../workouts/metrics';
import type { SportType } from '../workouts/telemetry-point';
import type { ChallengeCreated, ChallengeResultRecorded, FlagRecord, ParticipationEvent } from './events';

export type ResultStatus = 'counted' | 'flagged' | 'approved' | 'rejected' | 'withdrawn';

export interface ResultState {
  workoutId: string;
  value: number;
  achievedAt: string;
  flags: FlagRecord[];
  status: ResultStatus;
}

export interface ParticipationState {
  membership: 'never' | 'joined' | 'left';
  joinedAt?: string;
  results: ReadonlyMap<string, ResultState>;
}

type Challenge = ChallengeCreated['data'];

export interface FinishedWorkout {
  workoutId: string;
  athleteId: string;
  sportType: SportType;
  startDate: string;
  endDate: string;
  visibility: Visibility;
  metrics: WorkoutMetrics;
}

export type ParticipationCommand =
  | { type: 'JoinChallenge'; challenge: Challenge | undefined; userId: string; now: Date }
  | { type: 'LeaveChallenge'; challenge: Challenge | undefined; userId: string }
  | { type: 'RecordResult'; challenge: Challenge; workout: FinishedWorkout; flags: FlagRecord[] }
  | { type: 'ReviewResult'; challenge: Challenge; userId: string; workoutId: string; reviewerId: string; reviewerRoles: readonly Role[]; decision: 'approve' | 'reject'; reason: string }
  | { type: 'WithdrawResult'; challenge: Challenge; userId: string; workoutId: string; why: string };

export const participationDecider: Decider<ParticipationCommand, ParticipationState, ParticipationEvent> = {
  initialState: { membership: 'never', results: new Map() },

  decide(command, state) {
    switch (command.type) {
      case 'JoinChallenge': {
        const challenge = command.challenge;
        if (!challenge) throw notFound('challenge');
        if (state.membership === 'joined') return [];
        if (state.membership === 'left') throw conflict('already_left', 'you left this challenge; a challenge is joined once');
        if (command.now.getTime() >= Date.parse(challenge.end_date)) throw ruleViolated('challenge_ended', 'the challenge has ended');
        return [{ type: 'ChallengeJoined', data: { challenge_id: challenge.challenge_id, user_id: command.userId, joined_at: command.now.toISOString() } }];
      }

      case 'LeaveChallenge':
        if (!command.challenge) throw notFound('challenge');
        return state.membership === 'joined' ? [{ type: 'ChallengeLeft', data: { challenge_id: command.challenge.challenge_id, user_id: command.userId } }] : [];

      case 'RecordResult': {
        const { challenge, workout } = command;
        if (state.results.has(workout.workoutId) || !qualifies(challenge, workout, state)) return [];
        const value = resultValue(challenge, workout.metrics);
        if (value === undefined) return [];
        const recorded: ChallengeResultRecorded = {
          type: 'ChallengeResultRecorded',
          data: {
            challenge_id: challenge.challenge_id,
            user_id: workout.athleteId,
            workout_id: workout.workoutId,
            start_date: workout.startDate,
            value,
            achieved_at: workout.endDate,
            flags: command.flags,
          },
        };
        return [recorded];
      }

      case 'ReviewResult': {
        if (!command.reviewerRoles.includes('reviewer') && !command.reviewerRoles.includes('admin')) throw forbidden('only reviewers judge flagged results');
        if (command.reviewerId === command.userId) throw forbidden('reviewers cannot judge their own results');
        const result = state.results.get(command.workoutId);
        if (!result) throw notFound(`result of workout ${command.workoutId}`);
        if (result.flags.length === 0) throw ruleViolated('not_flagged', 'this result was not flagged; there is nothing to review');
        if (result.status === 'withdrawn') throw ruleViolated('result_withdrawn', 'the result was withdrawn');
        const current = result.status === 'approved' ? 'approve' : result.status === 'rejected' ? 'reject' : undefined;
        if (current === command.decision) return [];
        if (command.reason.trim().length === 0) throw new DomainError('invalid', 'validation_failed', 'a decision needs a reason', [{ field: 'reason', message: 'must not be empty' }]);
        return [
          {
            type: 'ChallengeResultReviewed',
            data: {
              challenge_id: command.challenge.challenge_id,
              user_id: command.userId,
              workout_id: command.workoutId,
              decision: command.decision,
              reviewer_id: command.reviewerId,
              reason: command.reason,
              evidence: result.flags,
            },
          },
        ];
      }

      case 'WithdrawResult': {
        const result = state.results.get(command.workoutId);
        if (!result || result.status === 'withdrawn') return [];
        return [{ type: 'ChallengeResultWithdrawn', data: { challenge_id: command.challenge.challenge_id, user_id: command.userId, workout_id: command.workoutId, why: command.why } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ChallengeJoined':
        return { ...state, membership: 'joined', joinedAt: event.data.joined_at };
      case 'ChallengeLeft':
        return { ...state, membership: 'left' };
      case 'ChallengeResultRecorded': {
        const results = new Map(state.results);
        const { workout_id, value, achieved_at, flags } = event.data;
        results.set(workout_id, { workoutId: workout_id, value, achievedAt: achieved_at, flags, status: flags.length > 0 ? 'flagged' : 'counted' });
        return { ...state, results };
      }
      case 'ChallengeResultReviewed':
      case 'ChallengeResultWithdrawn': {
        const result = state.results.get(event.data.workout_id);
        if (!result) return state;
        const status: ResultStatus = event.type === 'ChallengeResultWithdrawn' ? 'withdrawn' : event.data.decision === 'approve' ? 'approved' : 'rejected';
        return { ...state, results: new Map(state.results).set(result.workoutId, { ...result, status }) };
      }
    }
  },
};

/** Right sport, started inside the window and after joining, visible to everyone, by a participant. */
export function qualifies(challenge: Challenge, workout: FinishedWorkout, state: ParticipationState): boolean {
  const start = Date.parse(workout.startDate);
  return (
    state.membership === 'joined' &&
    state.joinedAt !== undefined &&
    workout.sportType === challenge.sport_type &&
    start >= Date.parse(challenge.start_date) &&
    start < Date.parse(challenge.end_date) &&
    start >= Date.parse(state.joinedAt) &&
    workout.visibility === 'everyone'
  );
}

export function resultValue(challenge: Challenge, metrics: WorkoutMetrics): number | undefined {
  switch (challenge.kind) {
    case 'total_distance':
      return metrics.distance;
    case 'fastest_5k':
      return metrics.best_efforts.find((effort) => effort.name === '5K')?.elapsed_time;
    case 'most_workouts':
      return 1;
  }
}

/** Results that count on the board: unflagged, or approved by a reviewer. */
export function countedResults(state: Pick<ParticipationState, 'results'>): ResultState[] {
  return [...state.results.values()].filter((r) => r.status === 'counted' || r.status === 'approved');
}
