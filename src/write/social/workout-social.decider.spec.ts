import { given } from '../../core/decider/testing';
import type { KudosGiven } from './workout-social-events';
import { WorkoutSeen, workoutSocialDecider } from './workout-social.decider';

const workout: WorkoutSeen = { workoutId: 'w1', athleteId: 'bob', visibleToActor: true, completed: true };
const kudos: KudosGiven = { type: 'KudosGiven', data: { workout_id: 'w1', athlete_id: 'bob', giver_id: 'ann' } };
const give = (seen: Partial<WorkoutSeen> = {}, giverId = 'ann') => ({ type: 'GiveKudos' as const, workout: { ...workout, ...seen }, giverId });
const comment = (seen: Partial<WorkoutSeen> = {}) => ({ type: 'AddComment' as const, workout: { ...workout, ...seen }, commentId: 'c1', authorId: 'ann', text: 'Nice pace!' });

describe('workout social decider', () => {
  it("given nothing, when Ann gives kudos to Bob's workout, then they are given", () => {
    given(workoutSocialDecider, []).when(give()).then([kudos]);
  });

  it('given Ann gave kudos, when she gives them again, then nothing new happens', () => {
    given(workoutSocialDecider, [kudos]).when(give()).then([]);
  });

  it('given nothing, when Bob gives kudos to his own workout, then the rule is broken', () => {
    given(workoutSocialDecider, []).when(give({}, 'bob')).thenFails('own_workout', 'rule_violated');
  });

  it('given nothing, when Ann gives kudos to a workout she may not see, then it is not found', () => {
    given(workoutSocialDecider, []).when(give({ visibleToActor: false })).thenFails('not_found', 'not_found');
  });

  it('given nothing, when Ann gives kudos to a workout still being recorded, then the rule is broken', () => {
    given(workoutSocialDecider, []).when(give({ completed: false })).thenFails('workout_not_finished', 'rule_violated');
  });

  it('given nothing, when Ann comments, then the comment is added, and a retried comment is not added twice', () => {
    const added = { type: 'CommentAdded' as const, data: { workout_id: 'w1', athlete_id: 'bob', comment_id: 'c1', author_id: 'ann', text: 'Nice pace!' } };
    given(workoutSocialDecider, []).when(comment()).then([added]);
    given(workoutSocialDecider, [added]).when(comment()).then([]);
  });
});
