import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/decider';
import { feedsProjection } from '../../projections/feeds/feeds.projection';
import { ProjectionsService } from '../../projections/projections.service';
import { workoutSocialProjection } from '../../projections/workout-social/workout-social.projection';
import { workoutsProjection } from '../../projections/workouts/workouts.projection';
import type { Page } from '../../read/cursor';
import { CommentView, ListComments } from '../../read/feeds/comment-queries';
import { GetWorkout } from '../../read/workouts/get-workout.query';
import type { WorkoutView } from '../../read/workouts/workout-view';
import { AddComment, GiveKudos, SocialCommandResult } from '../../write/social/commands';
import { ChangeWorkoutVisibility, WorkoutCommandResult } from '../../write/workouts/commands';
import { CurrentUser } from '../auth/current-user.decorator';
import { CommandCtx } from '../http/command-context.decorator';
import { uuidParam } from '../http/uuid-param';
import { PageQueryDto } from '../http/page-query.dto';
import { AddCommentDto, UpdateWorkoutDto } from './social.dto';

@ApiTags('social')
@ApiBearerAuth()
@Controller('v1/workouts/:id')
export class WorkoutSocialController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
  ) {}

  @Put('kudos')
  @HttpCode(204)
  async kudos(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<void> {
    const { position } = await this.commands.execute<GiveKudos, SocialCommandResult>(new GiveKudos(id, context));
    await this.projections.settle(workoutSocialProjection, position);
  }

  @Post('comments')
  @HttpCode(201)
  async comment(@Param('id', uuidParam) id: string, @Body() body: AddCommentDto, @CommandCtx() context: CommandContext): Promise<{ comment_id: string }> {
    const commentId = body.comment_id ?? randomUUID();
    const { position } = await this.commands.execute<AddComment, SocialCommandResult>(new AddComment(id, commentId, body.text, context));
    await this.projections.settle(workoutSocialProjection, position);
    return { comment_id: commentId };
  }

  @Get('comments')
  comments(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string, @Query() query: PageQueryDto): Promise<Page<CommentView>> {
    return this.queries.execute(new ListComments(id, viewerId, query.limit ?? 20, query.cursor));
  }

  /** Changes who may see the workout; feeds follow. */
  @Patch()
  async update(@Param('id', uuidParam) id: string, @Body() body: UpdateWorkoutDto, @CommandCtx() context: CommandContext): Promise<WorkoutView> {
    const { position } = await this.commands.execute<ChangeWorkoutVisibility, WorkoutCommandResult>(new ChangeWorkoutVisibility(id, body.visibility, context));
    await this.projections.settle(workoutsProjection, position);
    await this.projections.settle(feedsProjection, position);
    return this.queries.execute(new GetWorkout(id, context.actorId));
  }
}
