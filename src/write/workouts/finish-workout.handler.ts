import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import type { EventStore } from '../../core/event-store';
import { EVENT_STORE } from '../../core/tokens';
import { FinishWorkout, WorkoutCommandResult } from './commands';
import { workoutStream } from './events';
import { gatherTelemetry } from './gather-telemetry';
import { StaleTelemetryError, workoutDecider } from './workout.decider';

const MAX_GATHERS = 5;

@CommandHandler(FinishWorkout)
export class FinishWorkoutHandler implements ICommandHandler<FinishWorkout, WorkoutCommandResult> {
  constructor(
    private readonly processor: CommandProcessor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ workoutId, endDate, context }: FinishWorkout): Promise<WorkoutCommandResult> {
    for (let attempt = 1; ; attempt++) {
      // Gathered outside the decider (it is pure); if a batch lands meanwhile the decider says so.
      const { points, batchCount } = await gatherTelemetry(this.store, workoutId);
      try {
        const result = await this.processor.handle(
          workoutStream(workoutId),
          workoutDecider,
          { type: 'FinishWorkout', workoutId, athleteId: context.actorId, ...(endDate ? { endDate } : {}), points, batchCount, now: context.now },
          { ...context, commandId: `finish:${workoutId}` },
        );
        return { workoutId, position: result.position };
      } catch (error) {
        if (!(error instanceof StaleTelemetryError) || attempt >= MAX_GATHERS) throw error;
      }
    }
  }
}
