import { EARTH_MEAN_RADIUS_M } from './haversine';
import { STEP_CONTINUOUS, type Track } from './track';

const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;
const RAD = Math.PI / 180;

/**
 * The workout's GPS position noise: a robust estimate of the standard deviation, per axis and in metres, of
 * the independent (white) part of the error of each fix.
 *
 * Every point i with a continuous step on both sides is compared with the straight line from point i-1 to
 * point i+1, interpolated at t[i]. For white noise of standard deviation sigma per axis, that residual r
 * has variance sigma^2 * (1 + w0^2 + w2^2) per axis (w0, w2: the interpolation weights; 1.5 for even
 * steps), so |r|^2 / (1 + w0^2 + w2^2) is sigma^2 times a chi-square with 2 degrees of freedom, whose
 * median is 2 ln 2. The estimate is sqrt(median / (2 ln 2)) over all such points. The median ignores the
 * minority of points where the path itself bends within a step or two (a turn at speed adds
 * acceleration * dt^2 / 2 to the residual). 0 when no point qualifies.
 *
 * A raw GNSS track has about 1-3 m; the Kalman-filtered tracks sports watches and bike computers write
 * have about 0.1-0.3 m (their error is slow drift, which this does not see and which barely inflates
 * distance). O(n log n) for the median (a sort of one number per point).
 */
export function estimatePositionNoise(track: Track): number {
  const { n, t, lat, lon, step } = track;
  const normalised = new Float64Array(Math.max(0, n - 2));
  let count = 0;
  for (let i = 1; i < n - 1; i++) {
    if (step[i] !== STEP_CONTINUOUS || step[i + 1] !== STEP_CONTINUOUS) continue;
    const span = t[i + 1] - t[i - 1];
    const w0 = (t[i + 1] - t[i]) / span;
    const w2 = (t[i] - t[i - 1]) / span;
    const north = (lat[i] - (w0 * lat[i - 1] + w2 * lat[i + 1])) * METRES_PER_DEGREE;
    const east = (lon[i] - (w0 * lon[i - 1] + w2 * lon[i + 1])) * METRES_PER_DEGREE * Math.cos(lat[i] * RAD);
    normalised[count++] = (north * north + east * east) / (1 + w0 * w0 + w2 * w2);
  }
  if (count === 0) return 0;
  const sorted = normalised.subarray(0, count).sort();
  const half = count >> 1;
  const median = count % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  return Math.sqrt(median / (2 * Math.LN2));
}
