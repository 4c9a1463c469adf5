import { Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '../../core/decider';
import { ProjectionsService } from '../../projections/projections.service';
import { socialGraphProjection } from '../../projections/social/social-graph.projection';
import { ChangeFollowing } from '../../write/social/commands';
import { CommandCtx } from '../http/command-context.decorator';
import { uuidParam } from '../http/uuid-param';

@ApiTags('social')
@ApiBearerAuth()
@Controller('v1/users/:id/follow')
export class FollowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Put()
  @HttpCode(204)
  async follow(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeFollowing, { position?: bigint }>(new ChangeFollowing('follow', id, context));
    await this.projections.settle(socialGraphProjection, position);
  }

  @Delete()
  @HttpCode(204)
  async unfollow(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeFollowing, { position?: bigint }>(new ChangeFollowing('unfollow', id, context));
    await this.projections.settle(socialGraphProjection, position);
  }
}
