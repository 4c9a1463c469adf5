import {
  ELEVATION_HYSTERESIS_M,
  ELEVATION_SMOOTHING_HALF_WINDOW_M,
  ELEVATION_SMOOTHING_HALF_WINDOW_S,
} from './constants';
import { RunningLinearFit } from './smoothing';
import type { Track } from './track';

/**
 * The elevation profile used for gain and splits, or `null` when no point has an elevation: missing
 * elevations are filled by linear interpolation in time (held flat before the first and after the last
 * known one), then averaged over t ± `ELEVATION_SMOOTHING_HALF_WINDOW_S` within each section. O(n).
 */
export function smoothedElevation(track: Track, cumulative: Float64Array): Float64Array | null {
  const { n, t, ele } = track;
  const filled = new Float64Array(n);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(ele[i])) continue;
    if (previous < 0) filled.fill(ele[i], 0, i);
    else {
      for (let k = previous + 1; k < i; k++) {
        filled[k] = ele[previous] + ((ele[i] - ele[previous]) * (t[k] - t[previous])) / (t[i] - t[previous]);
      }
    }
    filled[i] = ele[i];
    previous = i;
  }
  if (previous < 0) return null;
  filled.fill(ele[previous], previous + 1, n);
  return alongTrackAverage(track, cumulative, filled);
}

/**
 * Local linear fit of elevation against cumulative distance (see `RunningLinearFit`) over the points within
 * `ELEVATION_SMOOTHING_HALF_WINDOW_M` metres of cumulative distance or `ELEVATION_SMOOTHING_HALF_WINDOW_S`
 * seconds of point i, whichever reaches farther, evaluated at point i. Hills are features of the route, so
 * the window is mostly spatial: a hill is flattened the same at any speed, and a stop (no distance) is
 * averaged into one value; the time floor keeps a few samples in the window at speed. O(n): both window
 * ends only move forward.
 */
function alongTrackAverage(track: Track, cumulative: Float64Array, values: Float64Array): Float64Array {
  const { n, t } = track;
  const out = new Float64Array(n);
  const metres = ELEVATION_SMOOTHING_HALF_WINDOW_M;
  const seconds = ELEVATION_SMOOTHING_HALF_WINDOW_S;
  const fit = new RunningLinearFit(0, values[0]);
  let lo = 0;
  let hi = -1;
  for (let i = 0; i < n; i++) {
    while (hi < n - 1 && (cumulative[hi + 1] <= cumulative[i] + metres || t[hi + 1] <= t[i] + seconds)) {
      hi++;
      fit.add(cumulative[hi], values[hi]);
    }
    while (cumulative[lo] < cumulative[i] - metres && t[lo] < t[i] - seconds) {
      fit.remove(cumulative[lo], values[lo]);
      lo++;
    }
    out[i] = fit.valueAt(cumulative[i]);
  }
  return out;
}

/**
 * Total climb with hysteresis: the profile is cut into alternating climbs and descents at turning points,
 * where a turning point is confirmed only once the profile has moved `threshold` metres away from it.
 * The gain is the sum of the climbs (lowest to highest point) of at least `threshold` metres; swings
 * smaller than that are noise and add nothing. O(n).
 */
export function elevationGain(profile: Float64Array, threshold: number = ELEVATION_HYSTERESIS_M): number {
  if (profile.length === 0) return 0;
  let gain = 0;
  let low = profile[0];
  let high = profile[0];
  for (let i = 1; i < profile.length; i++) {
    const e = profile[i];
    if (e > high) high = e;
    else if (high - e >= threshold) {
      if (high - low >= threshold) gain += high - low;
      low = e;
      high = e;
    }
    if (e < low) {
      low = e;
      high = e;
    }
  }
  if (high - low >= threshold) gain += high - low;
  return gain;
}
