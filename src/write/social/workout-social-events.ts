import type { DomainEvent } from '../../core/decider';

export type KudosGiven = DomainEvent<'KudosGiven', { workout_id: string; athlete_id: string; giver_id: string }>;
export type CommentAdded = DomainEvent<'CommentAdded', { workout_id: string; athlete_id: string; comment_id: string; author_id: string; text: string }>;
export type WorkoutSocialEvent = KudosGiven | CommentAdded;

export const WORKOUT_SOCIAL_EVENT_TYPES = ['KudosGiven', 'CommentAdded'] as const;

/** Kudos and comments on one workout: a stream of their own, so they never contend with the workout's. */
export const workoutSocialStream = (workoutId: string) => `workoutsocial-${workoutId}`;
