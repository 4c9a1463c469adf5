import type { CommandContext } from '../../core/decider';
import type { Visibility } from '../identity/events';
import type { SportType } from './telemetry-point';

export class StartWorkout {
  constructor(
    readonly input: { workoutId: string; sportType: SportType; startDate: string; visibility?: Visibility; gearId?: string },
    readonly context: CommandContext,
  ) {}
}

export class AppendTelemetry {
  constructor(
    readonly workoutId: string,
    /** The batch as the client sent it (`{"seq", "points"}` JSON), not yet parsed: see readTelemetryBatch. */
    readonly batch: string,
    readonly context: CommandContext,
  ) {}
}

export class FinishWorkout {
  constructor(
    readonly workoutId: string,
    readonly endDate: string | undefined,
    readonly context: CommandContext,
  ) {}
}

export class DiscardWorkout {
  constructor(
    readonly workoutId: string,
    readonly context: CommandContext,
  ) {}
}

export class ChangeWorkoutVisibility {
  constructor(
    readonly workoutId: string,
    readonly visibility: Visibility,
    readonly context: CommandContext,
  ) {}
}

export class ImportWorkout {
  constructor(
    readonly file: Buffer,
    readonly contentType: string,
    readonly options: { workoutId?: string; visibility?: Visibility },
    readonly context: CommandContext,
  ) {}
}

/** What a workout command answers: the workout, and where its last event landed in `$all`. */
export interface WorkoutCommandResult {
  workoutId: string;
  position?: bigint;
}
