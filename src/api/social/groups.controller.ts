import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/decider';
import { feedsProjection } from '../../projections/feeds/feeds.projection';
import { groupsProjection } from '../../projections/groups/groups.projection';
import { ProjectionsService } from '../../projections/projections.service';
import type { Page } from '../../read/cursor';
import { FeedItemView, GetGroupFeed } from '../../read/feeds/feed-queries';
import { ChangeMembership, CreateGroup, SocialCommandResult } from '../../write/social/commands';
import { CommandCtx } from '../http/command-context.decorator';
import { uuidParam } from '../http/uuid-param';
import { PageQueryDto } from '../http/page-query.dto';
import { CreateGroupDto } from './social.dto';

@ApiTags('social')
@ApiBearerAuth()
@Controller('v1/groups')
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateGroupDto, @CommandCtx() context: CommandContext): Promise<{ group_id: string }> {
    const groupId = body.group_id ?? randomUUID();
    const { position } = await this.commands.execute<CreateGroup, SocialCommandResult>(new CreateGroup(groupId, body.name, context));
    await this.projections.settle(groupsProjection, position);
    return { group_id: groupId };
  }

  @Put(':id/members/me')
  @HttpCode(204)
  async join(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeMembership, SocialCommandResult>(new ChangeMembership('join', id, context));
    await this.projections.settle(feedsProjection, position);
  }

  @Delete(':id/members/me')
  @HttpCode(204)
  async leave(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeMembership, SocialCommandResult>(new ChangeMembership('leave', id, context));
    await this.projections.settle(feedsProjection, position);
  }

  @Get(':id/feed')
  feed(@Param('id', uuidParam) id: string, @Query() query: PageQueryDto): Promise<Page<FeedItemView>> {
    return this.queries.execute(new GetGroupFeed(id, query.limit ?? 20, query.cursor));
  }
}
