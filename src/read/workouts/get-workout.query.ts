import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { WORKOUTS, WorkoutDocument, workoutsProjection } from '../../projections/workouts/workouts.projection';
import { Relationships } from '../social/relationships';
import { canSee } from './visibility';
import { toWorkoutView, WorkoutView } from './workout-view';

export class GetWorkout {
  constructor(
    readonly workoutId: string,
    readonly viewerId: string,
  ) {}
}

/** The workout if the viewer may see it; a workout they may not see does not exist for them (404). */
export async function visibleWorkout(readStore: ReadStore, relationships: Relationships, workoutId: string, viewerId: string): Promise<WorkoutDocument> {
  const workout = await projectionModels(readStore, workoutsProjection).collection<WorkoutDocument>(WORKOUTS).get(workoutId);
  if (!workout || workout.status === 'discarded' || !(await canSee(viewerId, workout.athlete_id, workout.visibility, relationships))) {
    throw notFound(`workout ${workoutId}`);
  }
  return workout;
}

@QueryHandler(GetWorkout)
export class GetWorkoutHandler implements IQueryHandler<GetWorkout, WorkoutView> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly relationships: Relationships,
  ) {}

  async execute({ workoutId, viewerId }: GetWorkout): Promise<WorkoutView> {
    return toWorkoutView(await visibleWorkout(this.readStore, this.relationships, workoutId, viewerId));
  }
}
