import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CommandProcessor } from '../../core/decider';
import type { CommandContext } from '../../core/decider';
import { notFound } from '../../core/domain-error';
import { leaderboardsProjection } from '../../projections/challenges/leaderboards.projection';
import { reviewsProjection } from '../../projections/challenges/reviews.projection';
import { ProjectionsService } from '../../projections/projections.service';
import type { Page } from '../../read/cursor';
import { LeaderboardBroadcaster } from '../../read/challenges/leaderboard-broadcaster';
import { GetLeaderboard, LeaderboardView } from '../../read/challenges/leaderboard-queries';
import { GetReview, ListReviews, ReviewView } from '../../read/challenges/review-queries';
import { challengeDefinition } from '../../write/challenges/challenge-definitions';
import { ChallengeCommandResult, ChangeParticipation, CreateChallenge, ReviewResult } from '../../write/challenges/commands';
import type { ChallengeCreated } from '../../write/challenges/events';
import { CurrentUser } from '../auth/current-user.decorator';
import { CommandCtx } from '../http/command-context.decorator';
import { openEventStream } from '../http/sse';
import { uuidParam } from '../http/uuid-param';
import { CreateChallengeDto, ReviewDecisionDto, ReviewQueryDto } from './challenges.dto';
import { LeaderboardQuery, LeaderboardQueryPipe } from './leaderboard-query.pipe';
import { LEADERBOARD_VIEW_SCHEMA } from './leaderboard-view.schema';

@ApiTags('challenges')
@ApiBearerAuth()
@Controller('v1/challenges')
export class ChallengesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly processor: CommandProcessor,
    private readonly projections: ProjectionsService,
    private readonly broadcaster: LeaderboardBroadcaster,
  ) {}

  /** Organisers and admins only. */
  @Post()
  @HttpCode(201)
  async create(@Body() body: CreateChallengeDto, @CommandCtx() context: CommandContext): Promise<ChallengeCreated['data']> {
    const challengeId = body.challenge_id ?? randomUUID();
    await this.commands.execute(
      new CreateChallenge({ challengeId, name: body.name, kind: body.kind, sportType: body.sport_type, startDate: body.start_date, endDate: body.end_date }, context),
    );
    return this.definition(challengeId);
  }

  @Get(':id')
  get(@Param('id', uuidParam) id: string): Promise<ChallengeCreated['data']> {
    return this.definition(id);
  }

  @Put(':id/participants/me')
  @HttpCode(204)
  async join(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    await this.commands.execute(new ChangeParticipation('join', id, context));
  }

  @Delete(':id/participants/me')
  @HttpCode(204)
  async leave(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<ChangeParticipation, ChallengeCommandResult>(new ChangeParticipation('leave', id, context));
    await this.projections.settle(leaderboardsProjection, position);
  }

  /** The hottest read of a live challenge: its query is read by a pipe of its own and its answer written by a compiled serialiser. */
  @Get(':id/leaderboard')
  @ApiQuery({ name: 'limit', required: false, type: 'integer', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiQuery({ name: 'around_me', required: false, type: 'boolean', description: 'a window around the caller instead of the top' })
  @RouteSchema({ response: { 200: LEADERBOARD_VIEW_SCHEMA } })
  leaderboard(@Param('id', uuidParam) id: string, @Query(LeaderboardQueryPipe) query: LeaderboardQuery, @CurrentUser() viewerId: string): Promise<LeaderboardView> {
    return this.queries.execute(new GetLeaderboard(id, viewerId, query.limit, query.aroundMe));
  }

  /** Server-Sent Events: `leaderboard` with the top 10 and the caller's rank whenever they change, at most once a second. */
  @Get(':id/leaderboard/stream')
  async stream(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const challenge = await this.definition(id);
    const stream = openEventStream(request, reply);
    stream.onClose(this.broadcaster.watch(id, challenge.kind, viewerId, (update) => stream.send('leaderboard', update)));
  }

  /** Reviewers and admins only. */
  @Get(':id/reviews')
  reviews(@Param('id', uuidParam) id: string, @Query() query: ReviewQueryDto, @CurrentUser() viewerId: string): Promise<Page<ReviewView>> {
    return this.queries.execute(new ListReviews(id, viewerId, query.status, query.limit ?? 20, query.cursor));
  }

  @Post(':id/reviews/:workout_id')
  @HttpCode(200)
  async decide(
    @Param('id', uuidParam) id: string,
    @Param('workout_id', uuidParam) workoutId: string,
    @Body() body: ReviewDecisionDto,
    @CommandCtx() context: CommandContext,
  ): Promise<ReviewView> {
    const { position } = await this.commands.execute<ReviewResult, ChallengeCommandResult>(new ReviewResult(id, workoutId, body.decision, body.reason, context));
    await this.projections.settle(reviewsProjection, position);
    await this.projections.settle(leaderboardsProjection, position);
    return this.queries.execute(new GetReview(id, workoutId));
  }

  private async definition(id: string): Promise<ChallengeCreated['data']> {
    const challenge = await challengeDefinition(this.processor, id);
    if (!challenge) throw notFound(`challenge ${id}`);
    return challenge;
  }
}
