import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { subtle } from 'node:crypto';
import { CommandProcessor } from '../../core/decider';
import { uuidV5 } from '../../core/ids';
import { ImportWorkout, WorkoutCommandResult } from './commands';
import { defaultVisibility } from './default-visibility';
import { workoutStream } from './events';
import { ActivityParserPool } from './import/parser-pool/activity-parser-pool';
import { workoutDecider } from './workout.decider';
import { defaultShoe } from '../gear/usable-shoe';

@CommandHandler(ImportWorkout)
export class ImportWorkoutHandler implements ICommandHandler<ImportWorkout, WorkoutCommandResult> {
  constructor(
    private readonly processor: CommandProcessor,
    private readonly parser: ActivityParserPool,
  ) {}

  async execute({ file, contentType, options, context }: ImportWorkout): Promise<WorkoutCommandResult> {
    // Without a client id, the same file imported twice by the same athlete is the same workout.
    // Hashed first: the parser takes the file's memory.
    const workoutId = options.workoutId ?? uuidV5(`import|${context.actorId}|${await sha256Hex(file)}`);
    const activity = await this.parser.parse(file, contentType, { transfer: true });
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

/** Web Crypto hashes on libuv's thread pool: a 25 MiB file does not hold up the event loop. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', bytes)).toString('hex');
}
