import type { RecordedEvent } from '../../core/event-store';
import type { Visibility } from '../../write/identity/events';
import type { WorkoutEvent } from '../../write/workouts/events';
import type { WorkoutMetrics } from '../../write/workouts/metrics';
import type { SportType } from '../../write/workouts/telemetry-point';
import type { Projection } from '../projection';

export interface WorkoutDocument {
  workout_id: string;
  athlete_id: string;
  sport_type: SportType;
  name: string | null;
  start_date: string;
  end_date: string | null;
  visibility: Visibility;
  status: 'active' | 'completed' | 'discarded';
  gear_id: string | null;
  point_count: number;
  metrics: WorkoutMetrics | null;
  position: string;
}

export interface AthleteWorkoutsDocument {
  /** Newest first: by start date, then workout id. */
  items: Array<{ workout_id: string; start_date: string }>;
  position: string;
}

export const WORKOUTS = 'workouts';
export const ATHLETE_WORKOUTS = 'athlete_workouts';

export const workoutsProjection: Projection = {
  name: 'workouts',
  version: 1,
  eventTypes: ['WorkoutStarted', 'WorkoutCompleted', 'WorkoutDiscarded', 'WorkoutVisibilityChanged', 'WorkoutGearAssigned'],
  collections: [WORKOUTS, ATHLETE_WORKOUTS],

  async apply(recorded: RecordedEvent, models) {
    const event = recorded as RecordedEvent & WorkoutEvent;
    const workouts = models.collection<WorkoutDocument>(WORKOUTS);
    const lists = models.collection<AthleteWorkoutsDocument>(ATHLETE_WORKOUTS);
    const position = recorded.position.toString();
    const current = await workouts.get(event.data.workout_id);
    if (current && BigInt(current.position) >= recorded.position) return;

    switch (event.type) {
      case 'WorkoutStarted': {
        const { data } = event;
        await workouts.put(data.workout_id, {
          workout_id: data.workout_id,
          athlete_id: data.athlete_id,
          sport_type: data.sport_type,
          name: data.name ?? null,
          start_date: data.start_date,
          end_date: null,
          visibility: data.visibility,
          status: 'active',
          gear_id: data.gear_id ?? null,
          point_count: 0,
          metrics: null,
          position,
        });
        await updateList(lists, data.athlete_id, recorded.position, (items) =>
          [...items.filter((i) => i.workout_id !== data.workout_id), { workout_id: data.workout_id, start_date: data.start_date }].sort(newestFirst),
        );
        return;
      }
      case 'WorkoutCompleted':
        if (!current) return;
        await workouts.put(current.workout_id, {
          ...current,
          status: 'completed',
          end_date: event.data.end_date,
          point_count: event.data.point_count,
          metrics: event.data.metrics,
          position,
        });
        return;
      case 'WorkoutDiscarded':
        if (!current) return;
        await workouts.put(current.workout_id, { ...current, status: 'discarded', position });
        await updateList(lists, current.athlete_id, recorded.position, (items) => items.filter((i) => i.workout_id !== current.workout_id));
        return;
      case 'WorkoutGearAssigned':
        if (!current) return;
        await workouts.put(current.workout_id, { ...current, gear_id: event.data.gear_id, position });
        return;
      case 'WorkoutVisibilityChanged':
        if (!current) return;
        await workouts.put(current.workout_id, { ...current, visibility: event.data.visibility, position });
        return;
      default:
        return;
    }
  },
};

async function updateList(
  lists: { get(id: string): Promise<AthleteWorkoutsDocument | undefined>; put(id: string, doc: AthleteWorkoutsDocument): Promise<void> },
  athleteId: string,
  position: bigint,
  change: (items: AthleteWorkoutsDocument['items']) => AthleteWorkoutsDocument['items'],
): Promise<void> {
  const list = await lists.get(athleteId);
  if (list && BigInt(list.position) >= position) return;
  await lists.put(athleteId, { items: change(list?.items ?? []), position: position.toString() });
}

function newestFirst(a: { workout_id: string; start_date: string }, b: { workout_id: string; start_date: string }): number {
  if (a.start_date !== b.start_date) return a.start_date < b.start_date ? 1 : -1;
  return a.workout_id < b.workout_id ? 1 : a.workout_id > b.workout_id ? -1 : 0;
}
