import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { AddComment, GiveKudos, SocialCommandResult } from './commands';
import { workoutSocialStream } from './workout-social-events';
import { workoutSocialDecider } from './workout-social.decider';
import { workoutSeenBy } from './workout-seen';

@CommandHandler(GiveKudos)
export class GiveKudosHandler implements ICommandHandler<GiveKudos, SocialCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, context }: GiveKudos): Promise<SocialCommandResult> {
    const workout = await workoutSeenBy(this.processor, workoutId, context.actorId);
    const result = await this.processor.handle(
      workoutSocialStream(workoutId),
      workoutSocialDecider,
      { type: 'GiveKudos', workout, giverId: context.actorId },
      { ...context, commandId: `kudos:${workoutId}:${context.actorId}` },
    );
    return { position: result.position };
  }
}

@CommandHandler(AddComment)
export class AddCommentHandler implements ICommandHandler<AddComment, SocialCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, commentId, text, context }: AddComment): Promise<SocialCommandResult> {
    const workout = await workoutSeenBy(this.processor, workoutId, context.actorId);
    const result = await this.processor.handle(
      workoutSocialStream(workoutId),
      workoutSocialDecider,
      { type: 'AddComment', workout, commentId, authorId: context.actorId, text },
      { ...context, commandId: `comment:${commentId}` },
    );
    return { position: result.position };
  }
}
