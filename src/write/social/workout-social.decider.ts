import { notFound, ruleViolated } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { WorkoutSocialEvent } from './workout-social-events';

export interface WorkoutSocialState {
  kudosFrom: ReadonlySet<string>;
  commentIds: ReadonlySet<string>;
}

/** What the handler learned from the write model about the workout, as seen by the actor. */
export interface WorkoutSeen {
  workoutId: string;
  athleteId: string;
  /** Exists, is not discarded, and its visibility lets the actor see it. */
  visibleToActor: boolean;
  completed: boolean;
}

export type WorkoutSocialCommand =
  | { type: 'GiveKudos'; workout: WorkoutSeen; giverId: string }
  | { type: 'AddComment'; workout: WorkoutSeen; commentId: string; authorId: string; text: string };

export const workoutSocialDecider: Decider<WorkoutSocialCommand, WorkoutSocialState, WorkoutSocialEvent> = {
  initialState: { kudosFrom: new Set(), commentIds: new Set() },

  decide(command, state) {
    const { workout } = command;
    if (!workout.visibleToActor) throw notFound(`workout ${workout.workoutId}`);
    switch (command.type) {
      case 'GiveKudos':
        if (command.giverId === workout.athleteId) throw ruleViolated('own_workout', 'you cannot give kudos to your own workout');
        if (!workout.completed) throw ruleViolated('workout_not_finished', 'kudos go to finished workouts');
        if (state.kudosFrom.has(command.giverId)) return [];
        return [{ type: 'KudosGiven', data: { workout_id: workout.workoutId, athlete_id: workout.athleteId, giver_id: command.giverId } }];
      case 'AddComment':
        if (state.commentIds.has(command.commentId)) return [];
        return [
          {
            type: 'CommentAdded',
            data: { workout_id: workout.workoutId, athlete_id: workout.athleteId, comment_id: command.commentId, author_id: command.authorId, text: command.text },
          },
        ];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'KudosGiven':
        return { ...state, kudosFrom: new Set(state.kudosFrom).add(event.data.giver_id) };
      case 'CommentAdded':
        return { ...state, commentIds: new Set(state.commentIds).add(event.data.comment_id) };
    }
  },
};
