import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../core/decider';
import { ProjectionsService } from '../../projections/projections.service';
import { workoutsProjection } from '../../projections/workouts/workouts.projection';
import { GetWorkout } from '../../read/workouts/get-workout.query';
import { GetWorkoutTrack, TrackFeature } from '../../read/workouts/get-workout-track.query';
import { LiveTelemetryHub } from '../../read/workouts/live-telemetry-hub';
import type { WorkoutView } from '../../read/workouts/workout-view';
import { DiscardWorkout, FinishWorkout, ImportWorkout, StartWorkout, WorkoutCommandResult } from '../../write/workouts/commands';
import { ACTIVITY_CONTENT_TYPES } from '../../write/workouts/import';
import { CurrentUser } from '../auth/current-user.decorator';
import { CommandCtx } from '../http/command-context.decorator';
import { ApiError } from '../http/error-body';
import { openEventStream } from '../http/sse';
import { uuidParam } from '../http/uuid-param';
import { FinishWorkoutDto, ImportQueryDto, StartWorkoutDto } from './workouts.dto';

@ApiTags('workouts')
@ApiBearerAuth()
@Controller('v1/workouts')
export class WorkoutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly projections: ProjectionsService,
    private readonly live: LiveTelemetryHub,
  ) {}

  @Post()
  @HttpCode(201)
  async start(@Body() body: StartWorkoutDto, @CommandCtx() context: CommandContext): Promise<{ workout_id: string }> {
    const workoutId = body.workout_id ?? randomUUID();
    const result = await this.commands.execute<StartWorkout, WorkoutCommandResult>(
      new StartWorkout({ workoutId, sportType: body.sport_type, startDate: body.start_date, visibility: body.visibility, gearId: body.gear_id }, context),
    );
    await this.projections.settle(workoutsProjection, result.position);
    return { workout_id: workoutId };
  }

  @Post('import')
  @HttpCode(201)
  @ApiConsumes(...Object.values(ACTIVITY_CONTENT_TYPES))
  @ApiBody({ description: 'a GPX, TCX or FIT file', schema: { type: 'string', format: 'binary' } })
  async import(@Req() request: FastifyRequest, @Query() query: ImportQueryDto, @CommandCtx() context: CommandContext): Promise<WorkoutView> {
    if (!Buffer.isBuffer(request.body)) {
      throw new ApiError(415, 'unsupported_media_type', `send the file itself with Content-Type ${Object.values(ACTIVITY_CONTENT_TYPES).join(', ')}`);
    }
    const result = await this.commands.execute<ImportWorkout, WorkoutCommandResult>(
      new ImportWorkout(request.body, request.headers['content-type'] ?? '', { workoutId: query.workout_id, visibility: query.visibility }, context),
    );
    return this.summaryAfter(result, context.actorId);
  }

  @Post(':id/finish')
  @HttpCode(200)
  async finish(@Param('id', uuidParam) id: string, @Body() body: FinishWorkoutDto, @CommandCtx() context: CommandContext): Promise<WorkoutView> {
    const result = await this.commands.execute<FinishWorkout, WorkoutCommandResult>(new FinishWorkout(id, body.end_date, context));
    return this.summaryAfter(result, context.actorId);
  }

  @Post(':id/discard')
  @HttpCode(200)
  async discard(@Param('id', uuidParam) id: string, @CommandCtx() context: CommandContext): Promise<{ workout_id: string; status: 'discarded' }> {
    const result = await this.commands.execute<DiscardWorkout, WorkoutCommandResult>(new DiscardWorkout(id, context));
    await this.projections.settle(workoutsProjection, result.position);
    return { workout_id: id, status: 'discarded' };
  }

  @Get(':id')
  get(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string): Promise<WorkoutView> {
    return this.queries.execute(new GetWorkout(id, viewerId));
  }

  @Get(':id/track')
  track(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string): Promise<TrackFeature> {
    return this.queries.execute(new GetWorkoutTrack(id, viewerId));
  }

  /** Server-Sent Events: `points` for each new batch while the workout is active, then `finished` or `discarded`. */
  @Get(':id/live')
  async liveStream(@Param('id', uuidParam) id: string, @CurrentUser() viewerId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const workout = await this.queries.execute<GetWorkout, WorkoutView>(new GetWorkout(id, viewerId));
    const stream = openEventStream(request, reply);
    if (workout.status !== 'active') {
      stream.send(workout.status, { workout_id: id });
      stream.close();
      return;
    }
    const stop = this.live.watch(id, (message) => {
      if (message.kind === 'points') {
        stream.send('points', { workout_id: id, seq: message.seq, points: message.points });
      } else {
        stream.send(message.kind, { workout_id: id });
        stream.close();
      }
    });
    stream.onClose(stop);
  }

  private async summaryAfter(result: WorkoutCommandResult, viewerId: string): Promise<WorkoutView> {
    await this.projections.settle(workoutsProjection, result.position);
    return this.queries.execute(new GetWorkout(result.workoutId, viewerId));
  }
}
