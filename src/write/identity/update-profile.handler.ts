import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { UpdateProfile } from './commands';
import { userStream } from './streams';
import { userDecider } from './user.decider';

@CommandHandler(UpdateProfile)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfile, { position?: bigint }> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ userId, changes, context }: UpdateProfile): Promise<{ position?: bigint }> {
    const result = await this.processor.handle(
      userStream(userId),
      userDecider,
      { type: 'UpdateProfile', userId, actorId: context.actorId, changes },
      context,
    );
    return { position: result.position };
  }
}
