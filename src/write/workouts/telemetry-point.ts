/** One sample of a workout's telemetry, as clients send it (API.md, Workouts and telemetry). */
export interface TelemetryPoint {
  /** Epoch milliseconds. */
  t: number;
  /** Degrees, WGS84. */
  lat: number;
  lon: number;
  /** Metres above sea level. */
  ele?: number;
  /** Heart rate, beats per minute. */
  hr?: number;
  /** Cadence, steps (or revolutions) per minute. */
  cad?: number;
}

export type SportType = 'Run' | 'TrailRun' | 'Walk' | 'Hike' | 'Ride' | 'MountainBikeRide' | 'Swim' | 'Workout';

export const SPORT_TYPES: readonly SportType[] = ['Run', 'TrailRun', 'Walk', 'Hike', 'Ride', 'MountainBikeRide', 'Swim', 'Workout'];
