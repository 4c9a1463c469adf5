import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { DiscardWorkout, WorkoutCommandResult } from './commands';
import { workoutStream } from './events';
import { workoutDecider } from './workout.decider';

@CommandHandler(DiscardWorkout)
export class DiscardWorkoutHandler implements ICommandHandler<DiscardWorkout, WorkoutCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, context }: DiscardWorkout): Promise<WorkoutCommandResult> {
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'DiscardWorkout', workoutId, athleteId: context.actorId },
      { ...context, commandId: `discard:${workoutId}` },
    );
    return { workoutId, position: result.position };
  }
}
