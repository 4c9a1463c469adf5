import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { workoutStream } from '../workouts/events';
import { workoutDecider } from '../workouts/workout.decider';
import { ChooseDefaultShoe, GearCommandResult, RegisterShoe, RetireShoe, WearShoe } from './commands';
import { gearSettingsStream, shoeStream } from './events';
import { gearSettingsDecider } from './gear-settings.decider';
import { shoeDecider } from './shoe.decider';
import { assertUsableShoe } from './usable-shoe';

@CommandHandler(RegisterShoe)
export class RegisterShoeHandler implements ICommandHandler<RegisterShoe, GearCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ input, context }: RegisterShoe): Promise<GearCommandResult> {
    const result = await this.processor.handle(
      shoeStream(input.shoeId),
      shoeDecider,
      { type: 'RegisterShoe', ...input, ownerId: context.actorId },
      { ...context, commandId: `register-shoe:${input.shoeId}` },
    );
    return { position: result.position };
  }
}

@CommandHandler(RetireShoe)
export class RetireShoeHandler implements ICommandHandler<RetireShoe, GearCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ shoeId, context }: RetireShoe): Promise<GearCommandResult> {
    const result = await this.processor.handle(shoeStream(shoeId), shoeDecider, { type: 'RetireShoe', shoeId, actorId: context.actorId }, context);
    return { position: result.position };
  }
}

@CommandHandler(WearShoe)
export class WearShoeHandler implements ICommandHandler<WearShoe, GearCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, shoeId, context }: WearShoe): Promise<GearCommandResult> {
    await assertUsableShoe(this.processor, shoeId, context.actorId);
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'AssignGear', workoutId, athleteId: context.actorId, gearId: shoeId },
      context,
    );
    return { position: result.position };
  }
}

@CommandHandler(ChooseDefaultShoe)
export class ChooseDefaultShoeHandler implements ICommandHandler<ChooseDefaultShoe, GearCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ sportType, shoeId, context }: ChooseDefaultShoe): Promise<GearCommandResult> {
    if (shoeId) await assertUsableShoe(this.processor, shoeId, context.actorId);
    const result = await this.processor.handle(
      gearSettingsStream(context.actorId),
      gearSettingsDecider,
      { type: 'ChooseDefaultShoe', athleteId: context.actorId, sportType, shoeId },
      context,
    );
    return { position: result.position };
  }
}
