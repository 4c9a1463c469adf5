import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { notFound } from '../../core/domain-error';
import { userStream } from '../identity/streams';
import { userDecider } from '../identity/user.decider';
import { workoutStream } from '../workouts/events';
import { workoutDecider } from '../workouts/workout.decider';
import { challengeDefinition } from './challenge-definitions';
import { challengeDecider } from './challenge.decider';
import { ChallengeCommandResult, ChangeParticipation, CreateChallenge, ReviewResult } from './commands';
import { challengeStream, participationStream } from './events';
import { participationDecider } from './participation.decider';

async function rolesOf(processor: CommandProcessor, userId: string) {
  const { state } = await processor.load(userStream(userId), userDecider);
  return state.status === 'registered' ? state.roles : [];
}

@CommandHandler(CreateChallenge)
export class CreateChallengeHandler implements ICommandHandler<CreateChallenge, ChallengeCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ input, context }: CreateChallenge): Promise<ChallengeCommandResult> {
    const result = await this.processor.handle(
      challengeStream(input.challengeId),
      challengeDecider,
      { type: 'CreateChallenge', ...input, organiserId: context.actorId, organiserRoles: await rolesOf(this.processor, context.actorId) },
      { ...context, commandId: `create-challenge:${input.challengeId}` },
    );
    return { position: result.position };
  }
}

@CommandHandler(ChangeParticipation)
export class ChangeParticipationHandler implements ICommandHandler<ChangeParticipation, ChallengeCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ change, challengeId, context }: ChangeParticipation): Promise<ChallengeCommandResult> {
    const challenge = await challengeDefinition(this.processor, challengeId);
    const userId = context.actorId;
    const result = await this.processor.handle(
      participationStream(challengeId, userId),
      participationDecider,
      change === 'join' ? { type: 'JoinChallenge', challenge, userId, now: context.now } : { type: 'LeaveChallenge', challenge, userId },
      context,
    );
    return { position: result.position };
  }
}

@CommandHandler(ReviewResult)
export class ReviewResultHandler implements ICommandHandler<ReviewResult, ChallengeCommandResult> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ challengeId, workoutId, decision, reason, context }: ReviewResult): Promise<ChallengeCommandResult> {
    const challenge = await challengeDefinition(this.processor, challengeId);
    if (!challenge) throw notFound(`challenge ${challengeId}`);
    const athleteId = await this.athleteOf(workoutId);
    const result = await this.processor.handle(
      participationStream(challengeId, athleteId),
      participationDecider,
      { type: 'ReviewResult', challenge, userId: athleteId, workoutId, reviewerId: context.actorId, reviewerRoles: await rolesOf(this.processor, context.actorId), decision, reason },
      context,
    );
    return { position: result.position };
  }

  private async athleteOf(workoutId: string): Promise<string> {
    const { state } = await this.processor.load(workoutStream(workoutId), workoutDecider);
    if (state.status === 'none') throw notFound(`workout ${workoutId}`);
    return state.athleteId;
  }
}
