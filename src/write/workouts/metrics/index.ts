export { computeWorkoutMetrics } from './compute-workout-metrics';
export { EARTH_MEAN_RADIUS_M, haversineMetres, type LatLon } from './haversine';
export { normaliseTelemetry } from './normalise-telemetry';
export { SPORT_THRESHOLDS, type SportThresholds } from './sport-thresholds';
export { BEST_EFFORT_DISTANCES } from './best-efforts';
export type {
  BestEffort,
  BestEffortName,
  HeartrateZone,
  MetricSplit,
  MetricsOptions,
  WorkoutMetrics,
} from './workout-metrics';
