import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { ChangeRole } from './commands';
import { userStream } from './streams';
import { userDecider } from './user.decider';

@CommandHandler(ChangeRole)
export class ChangeRoleHandler implements ICommandHandler<ChangeRole, { position?: bigint }> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ change, userId, role, context }: ChangeRole): Promise<{ position?: bigint }> {
    // The actor's roles come from the write model, so a role revoked a second ago is not honoured.
    const actor = await this.processor.load(userStream(context.actorId), userDecider);
    const actorRoles = actor.state.status === 'registered' ? actor.state.roles : [];
    const result = await this.processor.handle(
      userStream(userId),
      userDecider,
      { type: change === 'grant' ? 'GrantRole' : 'RevokeRole', userId, role, actorRoles },
      context,
    );
    return { position: result.position };
  }
}
