import { given } from '../../core/decider/testing';
import { computeWorkoutMetrics } from '../workouts/metrics';
import { syntheticTrack } from '../workouts/metrics/testing/synthetic-track';
import type { ChallengeCreated, ChallengeJoined, ChallengeResultRecorded, FlagRecord } from './events';
import { FinishedWorkout, participationDecider, ParticipationCommand } from './participation.decider';

const challenge: ChallengeCreated['data'] = {
  challenge_id: 'c1',
  name: 'November 100 km',
  kind: 'total_distance',
  sport_type: 'Run',
  start_date: '2026-11-01T00:00:00.000Z',
  end_date: '2026-12-01T00:00:00.000Z',
  organiser_id: 'org',
};
const joined: ChallengeJoined = { type: 'ChallengeJoined', data: { challenge_id: 'c1', user_id: 'ann', joined_at: '2026-11-05T00:00:00.000Z' } };
const track = syntheticTrack({ distance: 6000, startTime: Date.parse('2026-11-10T07:00:00Z') });
const metrics = computeWorkoutMetrics(track.points, 'Run');
const workout = (overrides: Partial<FinishedWorkout> = {}): FinishedWorkout => ({
  workoutId: 'w1',
  athleteId: 'ann',
  sportType: 'Run',
  startDate: '2026-11-10T07:00:00.000Z',
  endDate: '2026-11-10T07:35:00.000Z',
  visibility: 'everyone',
  metrics,
  ...overrides,
});
const record = (overrides: Partial<FinishedWorkout> = {}, flags: FlagRecord[] = []): ParticipationCommand => ({ type: 'RecordResult', challenge, workout: workout(overrides), flags });
const recorded = (flags: FlagRecord[] = []): ChallengeResultRecorded => ({
  type: 'ChallengeResultRecorded',
  data: { challenge_id: 'c1', user_id: 'ann', workout_id: 'w1', start_date: '2026-11-10T07:00:00.000Z', value: metrics.distance, achieved_at: '2026-11-10T07:35:00.000Z', flags },
});
const teleport: FlagRecord = { rule: 'position_jump', reason: 'the track jumps 5 km in one second', evidence: { jump_m: 5000, threshold_m: 1000 } };
const review = (decision: 'approve' | 'reject', reviewerId = 'rev', roles: Array<'reviewer' | 'admin'> = ['reviewer']): ParticipationCommand => ({
  type: 'ReviewResult',
  challenge,
  userId: 'ann',
  workoutId: 'w1',
  reviewerId,
  reviewerRoles: roles,
  decision,
  reason: 'looked at the map',
});

describe('participation decider', () => {
  describe('JoinChallenge and LeaveChallenge', () => {
    const join = (now: string): ParticipationCommand => ({ type: 'JoinChallenge', challenge, userId: 'ann', now: new Date(now) });

    it('given nothing, when Ann joins before the end, then she takes part', () => {
      given(participationDecider, []).when(join('2026-11-05T00:00:00Z')).then([joined]);
    });

    it('given Ann takes part, when she joins again, then nothing new happens', () => {
      given(participationDecider, [joined]).when(join('2026-11-06T00:00:00Z')).then([]);
    });

    it('given nothing, when Ann joins after the end, then the rule is broken', () => {
      given(participationDecider, []).when(join('2026-12-02T00:00:00Z')).thenFails('challenge_ended', 'rule_violated');
    });

    it('given no challenge, when Ann joins, then it is not found', () => {
      given(participationDecider, []).when({ type: 'JoinChallenge', challenge: undefined, userId: 'ann', now: new Date() }).thenFails('not_found', 'not_found');
    });

    it('given Ann left, when she joins again, then it conflicts: a challenge is joined once', () => {
      given(participationDecider, [joined, { type: 'ChallengeLeft', data: { challenge_id: 'c1', user_id: 'ann' } }])
        .when(join('2026-11-07T00:00:00Z'))
        .thenFails('already_left', 'conflict');
    });
  });

  describe('RecordResult', () => {
    it('given Ann takes part, when a qualifying run finishes, then its distance is recorded', () => {
      given(participationDecider, [joined]).when(record()).then([recorded()]);
    });

    it('given Ann takes part, when the same run is reported again, then nothing new happens', () => {
      given(participationDecider, [joined, recorded()]).when(record()).then([]);
    });

    it.each([
      ['of another sport', { sportType: 'Ride' as const }],
      ['started before joining', { startDate: '2026-11-04T07:00:00.000Z' }],
      ['started after the end', { startDate: '2026-12-01T07:00:00.000Z' }],
      ['not visible to everyone', { visibility: 'followers' as const }],
    ])('given Ann takes part, when a workout %s finishes, then it does not count', (_why, overrides) => {
      given(participationDecider, [joined]).when(record(overrides)).then([]);
    });

    it('given Ann never joined, when a run finishes, then it does not count', () => {
      given(participationDecider, []).when(record()).then([]);
    });

    it('given Ann takes part, when a flagged run finishes, then it is recorded with its flags', () => {
      given(participationDecider, [joined]).when(record({}, [teleport])).then([recorded([teleport])]);
    });
  });

  describe('ReviewResult', () => {
    it('given a flagged result, when a reviewer approves it, then the decision carries reviewer, reason and evidence', () => {
      given(participationDecider, [joined, recorded([teleport])])
        .when(review('approve'))
        .then([
          {
            type: 'ChallengeResultReviewed',
            data: { challenge_id: 'c1', user_id: 'ann', workout_id: 'w1', decision: 'approve', reviewer_id: 'rev', reason: 'looked at the map', evidence: [teleport] },
          },
        ]);
    });

    it('given a flagged result, when Ann reviews her own result, then it is forbidden', () => {
      given(participationDecider, [joined, recorded([teleport])]).when(review('approve', 'ann')).thenFails('forbidden', 'forbidden');
    });

    it('given a flagged result, when someone without the reviewer role judges it, then it is forbidden', () => {
      given(participationDecider, [joined, recorded([teleport])]).when({ ...review('approve'), reviewerRoles: [] } as ParticipationCommand).thenFails('forbidden', 'forbidden');
    });

    it('given a clean result, when a reviewer judges it, then there is nothing to review', () => {
      given(participationDecider, [joined, recorded()]).when(review('reject')).thenFails('not_flagged', 'rule_violated');
    });

    it('given an approved result, when it is approved again, then nothing new happens', () => {
      const approved = participationDecider.decide(review('approve'), [joined, recorded([teleport])].reduce(participationDecider.evolve, participationDecider.initialState));
      given(participationDecider, [joined, recorded([teleport]), ...approved]).when(review('approve')).then([]);
    });
  });
});
