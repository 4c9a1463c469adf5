import type { DomainEvent } from '../../core/decider';
import type { Visibility } from '../identity/events';
import type { WorkoutMetrics } from './metrics';
import type { SportType, TelemetryPoint } from './telemetry-point';

export type WorkoutStarted = DomainEvent<
  'WorkoutStarted',
  {
    workout_id: string;
    athlete_id: string;
    sport_type: SportType;
    start_date: string;
    visibility: Visibility;
    gear_id?: string;
    name?: string;
  }
>;

/** One batch of telemetry, numbered by the client (`seq`); recorded once per seq. */
export type TelemetryRecorded = DomainEvent<'TelemetryRecorded', { workout_id: string; seq: number; points: TelemetryPoint[] }>;

export type WorkoutCompleted = DomainEvent<
  'WorkoutCompleted',
  {
    workout_id: string;
    athlete_id: string;
    sport_type: SportType;
    start_date: string;
    end_date: string;
    /** How many points the metrics were computed from (after removing duplicates). */
    point_count: number;
    metrics: WorkoutMetrics;
  }
>;

export type WorkoutDiscarded = DomainEvent<'WorkoutDiscarded', { workout_id: string; athlete_id: string; was: 'active' | 'completed' }>;

export type WorkoutVisibilityChanged = DomainEvent<'WorkoutVisibilityChanged', { workout_id: string; athlete_id: string; visibility: Visibility }>;

/** The athlete says which shoe they wore (WearShoe); `previous_gear_id` is the shoe it replaces. */
export type WorkoutGearAssigned = DomainEvent<'WorkoutGearAssigned', { workout_id: string; athlete_id: string; gear_id: string; previous_gear_id?: string }>;

export type WorkoutEvent = WorkoutStarted | TelemetryRecorded | WorkoutCompleted | WorkoutDiscarded | WorkoutVisibilityChanged | WorkoutGearAssigned;

export const WORKOUT_EVENT_TYPES = ['WorkoutStarted', 'TelemetryRecorded', 'WorkoutCompleted', 'WorkoutDiscarded', 'WorkoutVisibilityChanged', 'WorkoutGearAssigned'] as const;

export const workoutStream = (workoutId: string) => `workout-${workoutId}`;
