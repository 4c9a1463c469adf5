import type { SportType } from '../telemetry-point';

export interface SportThresholds {
  /** m/s: a stretch whose windowed speed is below this is "standing still" (not moving time, no distance). */
  movingSpeed: number;
  /**
   * s: the window the moving speed is measured over. Slow sports get a longer one: the apparent speed of a
   * resting device's GPS drift falls with the window's length, and their moving speed is close to it.
   */
  movingWindowS: number;
  /** m/s: faster than this (plus `SPIKE_SLACK_M`) between two points is physically impossible for the sport. */
  maxPlausibleSpeed: number;
  /**
   * s: before moving and stopped steps are told apart, positions are averaged (local linear fit) over
   * t ± this: about 10-15 m of path at the sport's usual speed, enough to damp GPS jitter.
   */
  movementSmoothingHalfWindowS: number;
  /**
   * s: the positions distance is measured between are fitted with a local quadratic over t ± this (twice
   * the movement half window: a parabola needs more points than a mean to damp jitter as much, and it
   * follows bends instead of cutting them).
   */
  distanceSmoothingHalfWindowS: number;
}

/**
 * Per-sport thresholds (docs/metrics.md, "Moving time", "Smoothing" and "Spikes"). The moving speeds sit
 * well below the slowest real movement of each sport (a walk break in a run, a steep hike, a climb on a
 * mountain bike) and well above the apparent speed of a resting device's smoothed GPS jitter (about
 * 0.1-0.3 m/s).
 */
export const SPORT_THRESHOLDS: Readonly<Record<SportType, SportThresholds>> = {
  Run: { movingSpeed: 0.8, movingWindowS: 10, maxPlausibleSpeed: 12.5, movementSmoothingHalfWindowS: 2, distanceSmoothingHalfWindowS: 4 },
  TrailRun: { movingSpeed: 0.5, movingWindowS: 10, maxPlausibleSpeed: 12.5, movementSmoothingHalfWindowS: 2, distanceSmoothingHalfWindowS: 4 },
  Walk: { movingSpeed: 0.4, movingWindowS: 20, maxPlausibleSpeed: 12.5, movementSmoothingHalfWindowS: 4, distanceSmoothingHalfWindowS: 8 },
  Hike: { movingSpeed: 0.3, movingWindowS: 20, maxPlausibleSpeed: 12.5, movementSmoothingHalfWindowS: 4, distanceSmoothingHalfWindowS: 8 },
  Ride: { movingSpeed: 1.8, movingWindowS: 10, maxPlausibleSpeed: 36, movementSmoothingHalfWindowS: 1, distanceSmoothingHalfWindowS: 2 },
  MountainBikeRide: { movingSpeed: 1.2, movingWindowS: 10, maxPlausibleSpeed: 30, movementSmoothingHalfWindowS: 1, distanceSmoothingHalfWindowS: 2 },
  Swim: { movingSpeed: 0.2, movingWindowS: 30, maxPlausibleSpeed: 3, movementSmoothingHalfWindowS: 4, distanceSmoothingHalfWindowS: 8 },
  Workout: { movingSpeed: 0.5, movingWindowS: 10, maxPlausibleSpeed: 50, movementSmoothingHalfWindowS: 2, distanceSmoothingHalfWindowS: 4 },
};
