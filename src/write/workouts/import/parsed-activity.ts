import type { SportType, TelemetryPoint } from '../telemetry-point';

/** Totals as the file's own summary states them (TCX laps, FIT sessions); GPX has none. */
export interface FileTotals {
  /** Metres. */
  distance?: number;
  /**
   * Seconds. FIT: session `total_elapsed_time` (wall clock, pauses included).
   * TCX: lap `TotalTimeSeconds`, which Garmin writes as *timer* time (pauses excluded).
   */
  elapsed_time?: number;
}

/** What an activity file holds, in the platform's terms, ready to become a workout. */
export interface ParsedActivity {
  sport_type: SportType;
  /** ISO 8601 UTC, e.g. `2020-03-06T00:23:46.000Z`. */
  start_date: string;
  /**
   * Sorted by `t` (equal times keep file order); every point has a finite, in-range position
   * and a time. `cad` is steps per minute for Run, TrailRun, Walk and Hike: GPX, TCX and FIT
   * all store running cadence per leg (strides/min), so it is doubled, as Strava and Garmin
   * Connect display it; for rides it is crank rpm as stored.
   */
  points: TelemetryPoint[];
  file_totals: FileTotals;
  name?: string;
}

/** The formats `parseActivityFile` reads. */
export type ActivityFileFormat = 'gpx' | 'tcx' | 'fit';
