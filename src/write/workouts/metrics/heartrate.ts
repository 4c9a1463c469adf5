import { HEARTRATE_MEDIAN_SAMPLES } from './constants';
import { STEP_GAP, type Track } from './track';

/**
 * Heart rate of every step (index i: the step from point i-1 to point i): the mean of its two ends'
 * samples, or NaN when the step is not covered (an end lacks a valid sample, or the step is a gap).
 */
export function heartrateSteps(track: Track): Float64Array {
  const { n, hr, step } = track;
  const stepHr = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n; i++) {
    if (step[i] !== STEP_GAP) stepHr[i] = (hr[i - 1] + hr[i]) / 2; // NaN if either is NaN
  }
  return stepHr;
}

/**
 * Time-weighted mean heart rate over the covered steps; the plain mean of the samples when no step is
 * covered (a single sample); `null` without samples.
 */
export function averageHeartrate(track: Track, stepHr: Float64Array): number | null {
  const { n, t, hr } = track;
  let weighted = 0;
  let seconds = 0;
  for (let i = 1; i < n; i++) {
    if (Number.isNaN(stepHr[i])) continue;
    const dt = t[i] - t[i - 1];
    weighted += stepHr[i] * dt;
    seconds += dt;
  }
  if (seconds > 0) return weighted / seconds;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(hr[i])) continue;
    sum += hr[i];
    count++;
  }
  return count > 0 ? sum / count : null;
}

/**
 * Robust max heart rate: the highest centred running median of `HEARTRATE_MEDIAN_SAMPLES` consecutive valid
 * samples (the window shrinks at the ends), so a single spike (a cadence lock, a static shock) is ignored
 * while a plateau of 3 samples or more counts. `null` without samples. O(n).
 */
export function robustMaxHeartrate(track: Track): number | null {
  const samples = track.hr.filter((value) => !Number.isNaN(value));
  const count = samples.length;
  if (count === 0) return null;
  const half = Math.floor(HEARTRATE_MEDIAN_SAMPLES / 2);
  const window = new Float64Array(HEARTRATE_MEDIAN_SAMPLES);
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const from = Math.max(0, i - half);
    const to = Math.min(count - 1, i + half);
    let m = 0;
    for (let k = from; k <= to; k++) {
      // insertion sort into window[0..m]
      const value = samples[k];
      let p = m++;
      while (p > 0 && window[p - 1] > value) {
        window[p] = window[p - 1];
        p--;
      }
      window[p] = value;
    }
    const median = m % 2 === 1 ? window[(m - 1) / 2] : (window[m / 2 - 1] + window[m / 2]) / 2;
    if (median > max) max = median;
  }
  return max;
}
