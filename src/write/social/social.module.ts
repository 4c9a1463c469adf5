import { Module } from '@nestjs/common';
import { ChangeFollowingHandler } from './change-following.handler';
import { ChangeMembershipHandler, CreateGroupHandler } from './group.handlers';
import { AddCommentHandler, GiveKudosHandler } from './workout-social.handlers';

@Module({ providers: [ChangeFollowingHandler, CreateGroupHandler, ChangeMembershipHandler, GiveKudosHandler, AddCommentHandler] })
export class SocialWriteModule {}
