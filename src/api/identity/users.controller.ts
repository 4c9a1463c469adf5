import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../core/decider';
import { ProjectionsService } from '../../projections/projections.service';
import { userProfilesProjection } from '../../projections/identity/user-profiles.projection';
import { GetUserProfile, UserProfileView } from '../../read/identity/get-user-profile.query';
import { ChangeRole, UpdateProfile } from '../../write/identity/commands';
import { GRANTABLE_ROLES, GrantableRole } from '../../write/identity/events';
import { CurrentUser } from '../auth/current-user.decorator';
import { ApiError } from '../http/error-body';
import { CommandCtx } from '../http/command-context.decorator';
import { UpdateMeDto } from './identity.dto';
import { uuidParam } from '../http/uuid-param';


@ApiTags('identity')
@ApiBearerAuth()
@Controller('v1')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Get('users/:id')
  profile(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string): Promise<UserProfileView> {
    return this.queries.execute(new GetUserProfile(id, viewerId));
  }

  @Get('me')
  me(@CurrentUser() userId: string): Promise<UserProfileView> {
    return this.queries.execute(new GetUserProfile(userId, userId));
  }

  @Patch('me')
  async updateMe(@Body() body: UpdateMeDto, @CurrentUser() userId: string, @CommandCtx() context: CommandContext): Promise<UserProfileView> {
    const { position } = await this.commands.execute<UpdateProfile, { position?: bigint }>(new UpdateProfile(userId, body, context));
    await this.projections.settle(userProfilesProjection, position);
    return this.queries.execute(new GetUserProfile(userId, userId));
  }

  @Put('users/:id/roles/:role')
  @HttpCode(204)
  async grantRole(@Param('id', uuidParam) id: string, @Param('role') role: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeRole, { position?: bigint }>(new ChangeRole('grant', id, grantable(role), context));
    await this.projections.settle(userProfilesProjection, position);
  }

  @Delete('users/:id/roles/:role')
  @HttpCode(204)
  async revokeRole(@Param('id', uuidParam) id: string, @Param('role') role: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeRole, { position?: bigint }>(new ChangeRole('revoke', id, grantable(role), context));
    await this.projections.settle(userProfilesProjection, position);
  }
}

function grantable(role: string): GrantableRole {
  if (!(GRANTABLE_ROLES as readonly string[]).includes(role)) {
    throw new ApiError(400, 'validation_failed', `role must be one of ${GRANTABLE_ROLES.join(', ')}`, [{ field: 'role', message: `must be one of ${GRANTABLE_ROLES.join(', ')}` }]);
  }
  return role as GrantableRole;
}
