import { Body, Controller, Delete, Get, HttpCode, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandContext } from '../../core/decider';
import type { Notification } from '../../projections/notifications/notifications-for';
import type { Page } from '../../read/cursor';
import { FeedItemView, GetFeed } from '../../read/feeds/feed-queries';
import { NotificationHub } from '../../read/notifications/notification-hub';
import { GetNotifications } from '../../read/notifications/notification-queries';
import { SetPushEndpoint } from '../../write/identity/commands';
import { CurrentUser } from '../auth/current-user.decorator';
import { CommandCtx } from '../http/command-context.decorator';
import { openEventStream } from '../http/sse';
import { ApiPageQuery, PageQuery, PageQueryPipe } from './page-query.pipe';
import { PushEndpointDto } from './social.dto';

@ApiTags('social')
@ApiBearerAuth()
@Controller('v1')
export class FeedController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly hub: NotificationHub,
  ) {}

  /** Workouts of the people I follow (and mine), newest first. */
  @Get('feed')
  @ApiPageQuery()
  feed(@CurrentUser() userId: string, @Query(PageQueryPipe) query: PageQuery): Promise<Page<FeedItemView>> {
    return this.queries.execute(new GetFeed(userId, query.limit, query.cursor));
  }

  @Get('notifications')
  @ApiPageQuery()
  notifications(@CurrentUser() userId: string, @Query(PageQueryPipe) query: PageQuery): Promise<Page<Notification>> {
    return this.queries.execute(new GetNotifications(userId, query.limit, query.cursor));
  }

  /** Server-Sent Events: a `notification` event for each new notification while connected. */
  @Get('notifications/stream')
  stream(@CurrentUser() userId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const stream = openEventStream(request, reply);
    stream.onClose(this.hub.watch(userId, (notification) => stream.send('notification', notification)));
  }

  @Put('me/push-endpoint')
  @HttpCode(204)
  async setPushEndpoint(@Body() body: PushEndpointDto, @CommandCtx() context: CommandContext): Promise<void> {
    await this.commands.execute(new SetPushEndpoint(body.url, context));
  }

  @Delete('me/push-endpoint')
  @HttpCode(204)
  async removePushEndpoint(@CommandCtx() context: CommandContext): Promise<void> {
    await this.commands.execute(new SetPushEndpoint(null, context));
  }
}
