import type { CommandProcessor } from '../core/decider';
import { reactionContext } from '../core/decider';
import type { RecordedEvent } from '../core/event-store';
import type { Projection } from '../projections/projection';
import { shoeStream } from '../write/gear/events';
import { shoeDecider } from '../write/gear/shoe.decider';
import type { WorkoutEvent } from '../write/workouts/events';
import { workoutStream } from '../write/workouts/events';
import { workoutDecider } from '../write/workouts/workout.decider';

const ACTOR = 'system:gear-wear';

/**
 * Moves wear between shoes as workouts finish, change shoe or are discarded. Each command states
 * an absolute fact (this workout's distance counts on that shoe, or no longer does), so a
 * re-processed event changes nothing, and a shoe's thresholds are decided in its own stream.
 */
export function gearWearSaga(processor: CommandProcessor): Projection {
  return {
    name: 'gear_wear',
    version: 1,
    eventTypes: ['WorkoutCompleted', 'WorkoutGearAssigned', 'WorkoutDiscarded'],
    collections: [],

    async apply(recorded) {
      const event = recorded as RecordedEvent & WorkoutEvent;
      const { state: workout } = await processor.load(workoutStream(event.data.workout_id), workoutDecider);
      if (workout.status === 'none') return;
      const context = (what: string, shoeId: string) => reactionContext(recorded.metadata, ACTOR, new Date(), `${what}:${shoeId}:${event.data.workout_id}:${recorded.position}`);
      const wear = async (shoeId: string) => {
        const distance = workout.completed?.metrics.distance;
        if (distance === undefined) return;
        await processor.handle(shoeStream(shoeId), shoeDecider, { type: 'WearForWorkout', shoeId, workoutId: workout.workoutId, distance }, context('wear', shoeId));
      };
      const unwear = (shoeId: string) =>
        processor.handle(shoeStream(shoeId), shoeDecider, { type: 'UnwearForWorkout', shoeId, workoutId: workout.workoutId }, context('unwear', shoeId));

      switch (event.type) {
        case 'WorkoutCompleted':
          if (workout.status === 'completed' && workout.gearId) await wear(workout.gearId);
          return;
        case 'WorkoutGearAssigned':
          if (event.data.previous_gear_id) await unwear(event.data.previous_gear_id);
          if (workout.status === 'completed' && workout.gearId) await wear(workout.gearId);
          return;
        case 'WorkoutDiscarded':
          if (workout.gearId) await unwear(workout.gearId);
          return;
        default:
          return;
      }
    },
  };
}
