import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '../../core/domain-error';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { ATHLETE_WORKOUTS, AthleteWorkoutsDocument, WORKOUTS, WorkoutDocument, workoutsProjection } from '../../projections/workouts/workouts.projection';
import { Relationships } from '../social/relationships';
import { canSee } from './visibility';
import { toWorkoutView, WorkoutView } from './workout-view';

export class ListAthleteWorkouts {
  constructor(
    readonly athleteId: string,
    readonly viewerId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

interface CursorKey {
  start_date: string;
  workout_id: string;
}

/**
 * Newest first. The cursor names the last item shown (its start date and id), not an offset, so
 * workouts added meanwhile neither repeat nor vanish from the pages that follow.
 */
@QueryHandler(ListAthleteWorkouts)
export class ListAthleteWorkoutsHandler implements IQueryHandler<ListAthleteWorkouts, Page<WorkoutView>> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly relationships: Relationships,
  ) {}

  async execute({ athleteId, viewerId, limit, cursor }: ListAthleteWorkouts): Promise<Page<WorkoutView>> {
    const models = projectionModels(this.readStore, workoutsProjection);
    const list = await models.collection<AthleteWorkoutsDocument>(ATHLETE_WORKOUTS).get(athleteId);
    const after = cursor ? decodeCursor(cursor) : undefined;
    const workouts = models.collection<WorkoutDocument>(WORKOUTS);
    const items: WorkoutView[] = [];
    let last: CursorKey | undefined;
    let more = false;
    for (const item of list?.items ?? []) {
      if (after && !isAfter(item, after)) continue;
      const workout = await workouts.get(item.workout_id);
      if (!workout || workout.status === 'discarded' || !(await canSee(viewerId, workout.athlete_id, workout.visibility, this.relationships))) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(toWorkoutView(workout));
      last = item;
    }
    return { items, next_cursor: more && last ? encodeCursor(last) : null };
  }
}

function isAfter(item: CursorKey, cursor: CursorKey): boolean {
  if (item.start_date !== cursor.start_date) return item.start_date < cursor.start_date;
  return item.workout_id < cursor.workout_id;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.start_date, key.workout_id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorKey {
  try {
    const [start_date, workout_id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof start_date === 'string' && typeof workout_id === 'string') return { start_date, workout_id };
  } catch {
    // falls through to the error below
  }
  throw new DomainError('invalid', 'validation_failed', 'the cursor is not one this API gave out', [{ field: 'cursor', message: 'invalid cursor' }]);
}
