import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { CommandProcessor } from '../../core/decider';
import { uuidV5 } from '../../core/ids';
import { ImportWorkout, WorkoutCommandResult } from './commands';
import { defaultVisibility } from './default-visibility';
import { workoutStream } from './events';
import { parseActivityFile } from './import';
import { workoutDecider } from './workout.decider';
import { defaultShoe } from '../gear/usable-shoe';

@CommandHandler(ImportWorkout)
export class ImportWorkoutHandler implements ICommandHandler<ImportWorkout, WorkoutCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ file, contentType, options, context }: ImportWorkout): Promise<WorkoutCommandResult> {
    const activity = await parseActivityFile(file, contentType);
    // Without a client id, the same file imported twice by the same athlete is the same workout.
    const workoutId = options.workoutId ?? uuidV5(`import|${context.actorId}|${createHash('sha256').update(file).digest('hex')}`);
    const visibility = options.visibility ?? (await defaultVisibility(this.processor, context.actorId));
    const gearId = await defaultShoe(this.processor, context.actorId, activity.sport_type);
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'ImportWorkout', workoutId, athleteId: context.actorId, activity, visibility, ...(gearId ? { gearId } : {}) },
      { ...context, commandId: `import:${workoutId}` },
    );
    return { workoutId, position: result.position };
  }
}
