import type { WorkoutDocument } from '../../projections/workouts/workouts.projection';
import type { WorkoutMetrics } from '../../write/workouts/metrics';

type NullableMetrics = { [K in keyof WorkoutMetrics]: WorkoutMetrics[K] | null };

/** A workout summary as the API shows it (Strava's field names; metrics null until it is finished). */
export interface WorkoutView extends NullableMetrics {
  workout_id: string;
  athlete_id: string;
  name: string | null;
  sport_type: string;
  start_date: string;
  end_date: string | null;
  visibility: string;
  status: string;
  gear_id: string | null;
  flags: string[];
}

const NO_METRICS: NullableMetrics = {
  distance: null,
  elapsed_time: null,
  moving_time: null,
  total_elevation_gain: null,
  average_speed: null,
  max_speed: null,
  average_heartrate: null,
  max_heartrate: null,
  splits_metric: null,
  best_efforts: null,
  heartrate_zones: null,
};

export function toWorkoutView(document: WorkoutDocument): WorkoutView {
  return {
    workout_id: document.workout_id,
    athlete_id: document.athlete_id,
    name: document.name,
    sport_type: document.sport_type,
    start_date: document.start_date,
    end_date: document.end_date,
    visibility: document.visibility,
    status: document.status,
    gear_id: document.gear_id,
    ...(document.metrics ?? NO_METRICS),
    flags: [],
  };
}
