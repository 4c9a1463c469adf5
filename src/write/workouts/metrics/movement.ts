import { haversineDegrees } from './haversine';
import type { SmoothedPositions } from './smoothed-positions';
import { STEP_CONTINUOUS, STEP_GAP, type Track } from './track';

/**
 * Which steps are moving (`moving[i]` = 1 for the step from point i-1 to point i; `moving[0]` is 0).
 *
 * - A continuous step is moving when the smoothed displacement across a window of `movingWindowS`
 *   seconds centred on the step's midpoint (shifted to stay inside the step's section near its ends, so it
 *   keeps its length; widened to hold the step itself), divided by the window's duration, is at least
 *   `movingSpeed`.
 * - A gap is moving when the straight line across it, divided by its duration, is at least `movingSpeed`.
 * - A jump is moving.
 *
 * O(n): the window's ends only move forward.
 */
export function classifyMovement(
  track: Track,
  smoothed: SmoothedPositions,
  movingSpeed: number,
  movingWindowS: number,
): Uint8Array {
  const { n, t, step, sectionEnd } = track;
  const { lat, lon } = smoothed;
  const moving = new Uint8Array(n);
  const half = movingWindowS / 2;
  const speedBetween = (a: number, b: number): number =>
    haversineDegrees(lat[a], lon[a], lat[b], lon[b]) / (t[b] - t[a]);

  for (let i = 1; i < n; i++) {
    if (step[i] === STEP_GAP) moving[i] = speedBetween(i - 1, i) >= movingSpeed ? 1 : 0;
    else if (step[i] !== STEP_CONTINUOUS) moving[i] = 1;
  }

  let start = 0;
  while (start < n) {
    const end = sectionEnd[start];
    const first = t[start];
    const last = t[end];
    let lo = start;
    let hi = start;
    for (let i = start + 1; i <= end; i++) {
      const mid = (t[i - 1] + t[i]) / 2;
      // the window [mid - half, mid + half], shifted (not shortened) to fit inside the section
      const from = Math.max(first, Math.min(mid - half, last - movingWindowS));
      const to = Math.min(last, Math.max(mid + half, first + movingWindowS));
      while (t[lo] < from) lo++;
      while (hi < end && t[hi + 1] <= to) hi++;
      const a = Math.min(lo, i - 1);
      const b = Math.max(hi, i);
      moving[i] = speedBetween(a, b) >= movingSpeed ? 1 : 0;
    }
    start = end + 1;
  }
  return moving;
}
