import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { userStream } from '../identity/streams';
import { userDecider } from '../identity/user.decider';
import { ChangeFollowing } from './commands';
import { followingStream } from './events';
import { followingDecider } from './following.decider';

@CommandHandler(ChangeFollowing)
export class ChangeFollowingHandler implements ICommandHandler<ChangeFollowing, { position?: bigint }> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ change, followeeId, context }: ChangeFollowing): Promise<{ position?: bigint }> {
    const followerId = context.actorId;
    const command =
      change === 'follow'
        ? { type: 'Follow' as const, followerId, followeeId, followeeExists: (await this.processor.load(userStream(followeeId), userDecider)).state.status === 'registered' }
        : { type: 'Unfollow' as const, followerId, followeeId };
    const result = await this.processor.handle(followingStream(followerId), followingDecider, command, context);
    return { position: result.position };
  }
}
