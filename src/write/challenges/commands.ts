import type { CommandContext } from '../../core/decider';
import type { SportType } from '../workouts/telemetry-point';
import type { ChallengeKind } from './events';

export class CreateChallenge {
  constructor(
    readonly input: { challengeId: string; name: string; kind: ChallengeKind; sportType: SportType; startDate: string; endDate: string },
    readonly context: CommandContext,
  ) {}
}

export class ChangeParticipation {
  constructor(
    readonly change: 'join' | 'leave',
    readonly challengeId: string,
    readonly context: CommandContext,
  ) {}
}

export class ReviewResult {
  constructor(
    readonly challengeId: string,
    readonly workoutId: string,
    readonly decision: 'approve' | 'reject',
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

export interface ChallengeCommandResult {
  position?: bigint;
}
