import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { StartWorkout, WorkoutCommandResult } from './commands';
import { defaultVisibility } from './default-visibility';
import { workoutStream } from './events';
import { workoutDecider } from './workout.decider';
import { assertUsableShoe, defaultShoe } from '../gear/usable-shoe';

@CommandHandler(StartWorkout)
export class StartWorkoutHandler implements ICommandHandler<StartWorkout, WorkoutCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ input, context }: StartWorkout): Promise<WorkoutCommandResult> {
    const visibility = input.visibility ?? (await defaultVisibility(this.processor, context.actorId));
    if (input.gearId) await assertUsableShoe(this.processor, input.gearId, context.actorId);
    const gearId = input.gearId ?? (await defaultShoe(this.processor, context.actorId, input.sportType));
    const result = await this.processor.handle(
      workoutStream(input.workoutId),
      workoutDecider,
      {
        type: 'StartWorkout',
        workoutId: input.workoutId,
        athleteId: context.actorId,
        sportType: input.sportType,
        startDate: input.startDate,
        visibility,
        ...(gearId ? { gearId } : {}),
        now: context.now,
      },
      { ...context, commandId: `start:${input.workoutId}` },
    );
    return { workoutId: input.workoutId, position: result.position };
  }
}
