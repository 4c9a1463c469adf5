import type { CommandContext } from '../../core/decider';
import type { SportType } from '../workouts/telemetry-point';

export class RegisterShoe {
  constructor(
    readonly input: { shoeId: string; brandName: string; modelName: string; lifespanKm: number },
    readonly context: CommandContext,
  ) {}
}

export class RetireShoe {
  constructor(
    readonly shoeId: string,
    readonly context: CommandContext,
  ) {}
}

/** WearShoe: the athlete wore this shoe for this workout (assigning or reassigning it). */
export class WearShoe {
  constructor(
    readonly workoutId: string,
    readonly shoeId: string,
    readonly context: CommandContext,
  ) {}
}

export class ChooseDefaultShoe {
  constructor(
    readonly sportType: SportType,
    readonly shoeId: string | null,
    readonly context: CommandContext,
  ) {}
}

export interface GearCommandResult {
  position?: bigint;
}
