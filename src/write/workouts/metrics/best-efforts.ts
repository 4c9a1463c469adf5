import { STEP_JUMP, type Track } from './track';
import type { BestEffort, BestEffortName } from './workout-metrics';

export const BEST_EFFORT_DISTANCES: ReadonlyArray<{ readonly name: BestEffortName; readonly distance: number }> = [
  { name: '400m', distance: 400 },
  { name: '1K', distance: 1000 },
  { name: '1 mile', distance: 1609.344 },
  { name: '5K', distance: 5000 },
  { name: '10K', distance: 10000 },
  { name: 'Half-Marathon', distance: 21097.5 },
  { name: 'Marathon', distance: 42195 },
];

/**
 * The fastest stretch of each standard distance the workout contains (elapsed time, pauses included).
 * Per distance D, one two-pointer sweep: for every start point i, the end pointer advances to the first
 * point j whose cumulative distance reaches cumulative[i] + D, and the time at exactly that distance is
 * interpolated within the step j-1 -> j. Ties keep the earliest. A stretch that contains an impossible jump
 * (see `filterSpikes`) or is on average faster than the sport's `maxPlausibleSpeed` is not an effort.
 * Indices are into the normalised stream. Not rounded. O(n) per distance.
 */
export function bestEfforts(track: Track, cumulative: Float64Array, maxPlausibleSpeed: number): BestEffort[] {
  const { n, t, step, streamIndex } = track;
  const total = n > 0 ? cumulative[n - 1] : 0;
  const efforts: BestEffort[] = [];
  // nextJump[i]: the first jump step after point i (n if none)
  const nextJump = new Int32Array(n);
  for (let i = n - 1, next = n; i >= 0; i--) {
    nextJump[i] = next;
    if (step[i] === STEP_JUMP) next = i;
  }
  for (const { name, distance } of BEST_EFFORT_DISTANCES) {
    if (distance > total) continue;
    let best = Infinity;
    let bestStart = 0;
    let bestEnd = 0;
    let j = 1;
    for (let i = 0; i < n - 1; i++) {
      const target = cumulative[i] + distance;
      if (target > total) break;
      if (j <= i) j = i + 1;
      while (cumulative[j] < target) j++;
      const before = cumulative[j - 1];
      const fraction = (target - before) / (cumulative[j] - before);
      const elapsed = t[j - 1] + fraction * (t[j] - t[j - 1]) - t[i];
      if (nextJump[i] <= j || distance > maxPlausibleSpeed * elapsed) continue;
      if (elapsed < best) {
        best = elapsed;
        bestStart = i;
        bestEnd = j;
      }
    }
    if (best < Infinity) {
      efforts.push({
        name,
        distance,
        elapsed_time: best,
        start_index: streamIndex[bestStart],
        end_index: streamIndex[bestEnd],
      });
    }
  }
  return efforts;
}
