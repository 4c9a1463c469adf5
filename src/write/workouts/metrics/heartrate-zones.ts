import { HEARTRATE_ZONE_FRACTIONS } from './constants';
import type { Track } from './track';
import type { HeartrateZone } from './workout-metrics';

/** Zone bounds in whole bpm: lower bound of zone k (1-based) is `bounds[k - 1]`, `bounds[5]` is the max. */
export function heartrateZoneBounds(maxHeartrate: number): number[] {
  return [...HEARTRATE_ZONE_FRACTIONS.map((f) => Math.round(f * maxHeartrate)), Math.round(maxHeartrate)];
}

/**
 * Seconds per zone: each covered step (see `heartrateSteps`) adds its duration to the zone holding its heart
 * rate; zone 1 also takes everything below its lower bound and zone 5 everything at or above its upper one,
 * so the zones add up to the heart-rate-covered time. Empty without heart-rate samples.
 */
export function heartrateZones(track: Track, stepHr: Float64Array, maxHeartrate: number): HeartrateZone[] {
  const { n, t, hr } = track;
  if (!hr.some((value) => !Number.isNaN(value))) return [];
  const bounds = heartrateZoneBounds(maxHeartrate);
  const seconds = [0, 0, 0, 0, 0];
  for (let i = 1; i < n; i++) {
    const value = stepHr[i];
    if (Number.isNaN(value)) continue;
    let zone = 4;
    while (zone > 0 && value < bounds[zone]) zone--;
    seconds[zone] += t[i] - t[i - 1];
  }
  return seconds.map((time, k) => ({ zone: k + 1, min_bpm: bounds[k], max_bpm: bounds[k + 1], time }));
}
