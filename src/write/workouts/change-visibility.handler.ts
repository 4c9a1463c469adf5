import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { ChangeWorkoutVisibility, WorkoutCommandResult } from './commands';
import { workoutStream } from './events';
import { workoutDecider } from './workout.decider';

@CommandHandler(ChangeWorkoutVisibility)
export class ChangeWorkoutVisibilityHandler implements ICommandHandler<ChangeWorkoutVisibility, WorkoutCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, visibility, context }: ChangeWorkoutVisibility): Promise<WorkoutCommandResult> {
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'ChangeVisibility', workoutId, athleteId: context.actorId, visibility },
      context,
    );
    return { workoutId, position: result.position };
  }
}
