/**
 * The metrics of one workout, with Strava's API v3 field names (API.md). Units: metres, seconds,
 * metres per second, beats per minute. Rounding is described in docs/metrics.md ("Rounding").
 */
export interface WorkoutMetrics {
  distance: number;
  elapsed_time: number;
  moving_time: number;
  total_elevation_gain: number;
  average_speed: number;
  max_speed: number;
  /** `null` when the workout has no heart-rate samples. */
  average_heartrate: number | null;
  /** `null` when the workout has no heart-rate samples. */
  max_heartrate: number | null;
  splits_metric: MetricSplit[];
  best_efforts: BestEffort[];
  /** Empty when the workout has no heart-rate samples. */
  heartrate_zones: HeartrateZone[];
}

export interface MetricSplit {
  /** 1-based. */
  split: number;
  distance: number;
  elapsed_time: number;
  moving_time: number;
  /** Smoothed elevation at the split's end minus at its start; 0 without elevation data. */
  elevation_difference: number;
  /** distance / moving_time, 0 when moving_time is 0. */
  average_speed: number;
  /** Absent when no heart rate was recorded during the split. */
  average_heartrate?: number;
}

export interface BestEffort {
  name: BestEffortName;
  /** The effort's nominal distance, metres. */
  distance: number;
  elapsed_time: number;
  /** Index of the effort's first point in the normalised stream (see `normaliseTelemetry`). */
  start_index: number;
  /** Index of the point at which the effort's distance is reached, in the normalised stream. */
  end_index: number;
}

export type BestEffortName = '400m' | '1K' | '1 mile' | '5K' | '10K' | 'Half-Marathon' | 'Marathon';

export interface HeartrateZone {
  /** 1 to 5. */
  zone: number;
  /** Inclusive lower bound, bpm (zone 1 also holds everything below it). */
  min_bpm: number;
  /** Exclusive upper bound, bpm (zone 5 also holds everything at or above it). */
  max_bpm: number;
  /** Seconds spent in the zone. */
  time: number;
}

export interface MetricsOptions {
  /** The athlete's max heart rate, bpm; defaults to 190 (220 - 30). */
  maxHeartrate?: number;
}
