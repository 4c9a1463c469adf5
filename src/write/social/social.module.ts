import { Module } from '@nestjs/common';
import { ChangeFollowingHandler } from './change-following.handler';

@Module({ providers: [ChangeFollowingHandler] })
export class SocialWriteModule {}
