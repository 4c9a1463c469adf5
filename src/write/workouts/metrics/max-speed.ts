import { MAX_SPEED_WINDOW_S } from './constants';
import type { Track } from './track';

/**
 * Robust max speed, m/s: the highest average speed (difference of cumulative distance over elapsed time)
 * over any window of at least `MAX_SPEED_WINDOW_S` seconds inside one section (gaps and jumps end a
 * section), ignoring windows faster than the sport's `maxPlausibleSpeed`. A section shorter than the window
 * counts as one window. Spikes are already gone from the distance; the window averages out what jitter
 * is left. O(n).
 */
export function maxSpeed(track: Track, cumulative: Float64Array, maxPlausibleSpeed: number): number {
  const { n, t, sectionEnd } = track;
  let best = 0;
  let start = 0;
  while (start < n) {
    const end = sectionEnd[start];
    let j = start;
    for (let i = start; i < end; i++) {
      if (j <= i) j = i + 1;
      while (j < end && t[j] - t[i] < MAX_SPEED_WINDOW_S) j++;
      const seconds = t[j] - t[i];
      if (seconds < MAX_SPEED_WINDOW_S && i > start) break; // only the whole section may be shorter
      const speed = (cumulative[j] - cumulative[i]) / seconds;
      if (speed > best && speed <= maxPlausibleSpeed) best = speed;
    }
    start = end + 1;
  }
  return best;
}
