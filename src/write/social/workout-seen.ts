import type { CommandProcessor } from '../../core/decider';
import { workoutStream } from '../workouts/events';
import { workoutDecider } from '../workouts/workout.decider';
import { followingStream } from './events';
import { followingDecider } from './following.decider';
import type { WorkoutSeen } from './workout-social.decider';

/** What the actor may know of a workout, decided from the write models (never a lagging read model). */
export async function workoutSeenBy(processor: CommandProcessor, workoutId: string, actorId: string): Promise<WorkoutSeen> {
  const { state } = await processor.load(workoutStream(workoutId), workoutDecider);
  if (state.status === 'none' || state.status === 'discarded') return { workoutId, athleteId: '', visibleToActor: false, completed: false };
  let visible = actorId === state.athleteId || state.visibility === 'everyone';
  if (!visible && state.visibility === 'followers') {
    visible = (await processor.load(followingStream(actorId), followingDecider)).state.followees.has(state.athleteId);
  }
  return { workoutId, athleteId: state.athleteId, visibleToActor: visible, completed: state.status === 'completed' };
}
