import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListAthleteWorkouts, Page } from '../../read/workouts/list-athlete-workouts.query';
import type { WorkoutView } from '../../read/workouts/workout-view';
import { CurrentUser } from '../auth/current-user.decorator';
import { uuidParam } from '../http/uuid-param';
import { PageQueryDto } from '../http/page-query.dto';

@ApiTags('workouts')
@ApiBearerAuth()
@Controller('v1/users/:id/workouts')
export class AthleteWorkoutsController {
  constructor(private readonly queries: QueryBus) {}

  /** The athlete's workouts the caller may see, newest first. */
  @Get()
  list(@Param('id', uuidParam) athleteId: string, @Query() query: PageQueryDto, @CurrentUser() viewerId: string): Promise<Page<WorkoutView>> {
    return this.queries.execute(new ListAthleteWorkouts(athleteId, viewerId, query.limit ?? 20, query.cursor));
  }
}
