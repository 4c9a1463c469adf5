import { Module } from '@nestjs/common';
import { ChangeRoleHandler } from './change-role.handler';
import { RegisterUserHandler } from './register-user.handler';
import { UpdateProfileHandler } from './update-profile.handler';
import { VerifyCredentialsHandler } from './verify-credentials.handler';
import { SetPushEndpointHandler } from './set-push-endpoint.handler';

@Module({
  providers: [RegisterUserHandler, UpdateProfileHandler, ChangeRoleHandler, VerifyCredentialsHandler, SetPushEndpointHandler],
})
export class IdentityWriteModule {}
