import type { DomainEvent } from '../../core/decider';
import type { SportType } from '../workouts/telemetry-point';

export type ChallengeKind = 'total_distance' | 'fastest_5k' | 'most_workouts';
export const CHALLENGE_KINDS: readonly ChallengeKind[] = ['total_distance', 'fastest_5k', 'most_workouts'];

export type ChallengeCreated = DomainEvent<
  'ChallengeCreated',
  { challenge_id: string; name: string; kind: ChallengeKind; sport_type: SportType; start_date: string; end_date: string; organiser_id: string }
>;

export type ChallengeJoined = DomainEvent<'ChallengeJoined', { challenge_id: string; user_id: string; joined_at: string }>;
export type ChallengeLeft = DomainEvent<'ChallengeLeft', { challenge_id: string; user_id: string }>;

export interface FlagRecord {
  rule: string;
  reason: string;
  evidence: Record<string, number | string | boolean>;
}

/** A workout that counts for the challenge; held off the board while it carries flags and no reviewer approved it. */
export type ChallengeResultRecorded = DomainEvent<
  'ChallengeResultRecorded',
  {
    challenge_id: string;
    user_id: string;
    workout_id: string;
    start_date: string;
    /** Metres for total_distance, seconds for fastest_5k, 1 for most_workouts. */
    value: number;
    /** When the result was achieved (the workout's end): earlier wins ties. */
    achieved_at: string;
    flags: FlagRecord[];
  }
>;

export type ChallengeResultReviewed = DomainEvent<
  'ChallengeResultReviewed',
  {
    challenge_id: string;
    user_id: string;
    workout_id: string;
    decision: 'approve' | 'reject';
    reviewer_id: string;
    reason: string;
    /** The flags the reviewer judged, as they stood. */
    evidence: FlagRecord[];
  }
>;

/** The workout no longer counts (discarded, or no longer public). */
export type ChallengeResultWithdrawn = DomainEvent<'ChallengeResultWithdrawn', { challenge_id: string; user_id: string; workout_id: string; why: string }>;

export type ChallengeEvent = ChallengeCreated;
export type ParticipationEvent = ChallengeJoined | ChallengeLeft | ChallengeResultRecorded | ChallengeResultReviewed | ChallengeResultWithdrawn;

export const PARTICIPATION_EVENT_TYPES = ['ChallengeJoined', 'ChallengeLeft', 'ChallengeResultRecorded', 'ChallengeResultReviewed', 'ChallengeResultWithdrawn'] as const;

export const challengeStream = (challengeId: string) => `challenge-${challengeId}`;

/**
 * One stream per participant and challenge: joins and results of 100,000 participants never
 * contend on one stream's expected revision.
 */
export const participationStream = (challengeId: string, userId: string) => `participation-${challengeId}_${userId}`;
export const participationStreamPrefix = (challengeId: string) => `participation-${challengeId}_`;
