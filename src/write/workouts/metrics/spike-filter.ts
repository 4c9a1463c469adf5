import type { TelemetryPoint } from '../telemetry-point';
import { SPIKE_MAX_POINTS, SPIKE_SLACK_M } from './constants';
import { haversineDegrees } from './haversine';

export interface SpikeFilterResult {
  /** Indices (into the input) of the points kept, ascending. */
  kept: number[];
  /**
   * Parallel to `kept`: true when the point was reached by an impossible jump that did not come back
   * (a relocation, e.g. a fix regained far away). Such steps count for distance but not for max_speed.
   */
  jumpBefore: boolean[];
}

/**
 * Drops GPS spikes: runs of at most `SPIKE_MAX_POINTS` points that are impossibly far from the last good
 * point and after which the track comes back. "Impossibly far" means farther than
 * `maxPlausibleSpeed * dt + SPIKE_SLACK_M`. A first point impossibly far from the next two (which agree with
 * each other) and a last point impossibly far from the one before are dropped too. Input sorted by time
 * with distinct timestamps. O(n * SPIKE_MAX_POINTS).
 */
export function filterSpikes(points: readonly TelemetryPoint[], maxPlausibleSpeed: number): SpikeFilterResult {
  const n = points.length;
  const impossible = (a: number, b: number): boolean => {
    const pa = points[a];
    const pb = points[b];
    const limit = (maxPlausibleSpeed * (pb.t - pa.t)) / 1000 + SPIKE_SLACK_M;
    return haversineDegrees(pa.lat, pa.lon, pb.lat, pb.lon) > limit;
  };

  const kept: number[] = [];
  const jumpBefore: boolean[] = [];
  if (n === 0) return { kept, jumpBefore };

  let start = 0;
  if (n >= 3 && impossible(0, 1) && impossible(0, 2) && !impossible(1, 2)) start = 1;
  kept.push(start);
  jumpBefore.push(false);

  let i = start + 1;
  while (i < n) {
    const last = kept[kept.length - 1];
    if (!impossible(last, i)) {
      kept.push(i);
      jumpBefore.push(false);
      i++;
      continue;
    }
    if (i === n - 1) break; // a trailing jump cannot be confirmed: drop it
    let back = -1;
    for (let j = i + 1; j < n && j <= i + SPIKE_MAX_POINTS; j++) {
      if (!impossible(last, j)) {
        back = j;
        break;
      }
    }
    if (back >= 0) {
      i = back; // points i .. back-1 were a spike
    } else {
      kept.push(i);
      jumpBefore.push(true);
      i++;
    }
  }
  return { kept, jumpBefore };
}
