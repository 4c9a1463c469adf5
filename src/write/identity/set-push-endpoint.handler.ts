import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { SetPushEndpoint } from './commands';
import { userStream } from './streams';
import { userDecider } from './user.decider';

@CommandHandler(SetPushEndpoint)
export class SetPushEndpointHandler implements ICommandHandler<SetPushEndpoint, { position?: bigint }> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ url, context }: SetPushEndpoint): Promise<{ position?: bigint }> {
    const userId = context.actorId;
    const result = await this.processor.handle(userStream(userId), userDecider, { type: 'SetPushEndpoint', userId, actorId: userId, url }, context);
    return { position: result.position };
  }
}
