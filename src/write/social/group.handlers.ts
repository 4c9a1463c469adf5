import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { ChangeMembership, CreateGroup, SocialCommandResult } from './commands';
import { groupStream } from './group-events';
import { groupDecider } from './group.decider';

@CommandHandler(CreateGroup)
export class CreateGroupHandler implements ICommandHandler<CreateGroup, SocialCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ groupId, name, context }: CreateGroup): Promise<SocialCommandResult> {
    const result = await this.processor.handle(
      groupStream(groupId),
      groupDecider,
      { type: 'CreateGroup', groupId, name, ownerId: context.actorId },
      { ...context, commandId: `create-group:${groupId}` },
    );
    return { position: result.position };
  }
}

@CommandHandler(ChangeMembership)
export class ChangeMembershipHandler implements ICommandHandler<ChangeMembership, SocialCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ change, groupId, context }: ChangeMembership): Promise<SocialCommandResult> {
    const userId = context.actorId;
    const result = await this.processor.handle(
      groupStream(groupId),
      groupDecider,
      change === 'join' ? { type: 'JoinGroup', groupId, userId } : { type: 'LeaveGroup', groupId, userId },
      context,
    );
    return { position: result.position };
  }
}
