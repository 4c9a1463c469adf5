import { Module } from '@nestjs/common';
import { ChangeParticipationHandler, CreateChallengeHandler, ReviewResultHandler } from './challenge.handlers';

@Module({ providers: [CreateChallengeHandler, ChangeParticipationHandler, ReviewResultHandler] })
export class ChallengesWriteModule {}
