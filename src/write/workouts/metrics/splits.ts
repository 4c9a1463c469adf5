import { MIN_LAST_SPLIT_M, SPLIT_LENGTH_M } from './constants';
import type { Track } from './track';
import type { MetricSplit } from './workout-metrics';

interface OpenSplit {
  startTime: number;
  startDistance: number;
  startElevation: number;
  movingTime: number;
  heartbeats: number;
  heartrateSeconds: number;
}

/**
 * One split per `SPLIT_LENGTH_M` of cumulative distance, plus the last partial one (merged into the one
 * before when shorter than `MIN_LAST_SPLIT_M`). A split ends at the time its distance is first reached,
 * interpolated within the step; the last split ends with the workout, so split times add up to the
 * workout's. Moving time and heart rate are shared out of a step in proportion to the time on each side of
 * a split border. Not rounded. O(n + splits).
 */
export function metricSplits(
  track: Track,
  cumulative: Float64Array,
  moving: Uint8Array,
  elevation: Float64Array | null,
  stepHr: Float64Array,
): MetricSplit[] {
  const { n, t } = track;
  const total = n > 0 ? cumulative[n - 1] : 0;
  if (total <= 0) return [];
  const full = Math.floor(total / SPLIT_LENGTH_M);
  const remainder = total - full * SPLIT_LENGTH_M;
  const borders = remainder < MIN_LAST_SPLIT_M && full >= 1 ? full - 1 : full;

  const splits: MetricSplit[] = [];
  const elevationAt = (i: number, fraction: number): number =>
    elevation === null ? 0 : elevation[i - 1] + fraction * (elevation[i] - elevation[i - 1]);
  let open: OpenSplit = {
    startTime: 0,
    startDistance: 0,
    startElevation: elevation === null ? 0 : elevation[0],
    movingTime: 0,
    heartbeats: 0,
    heartrateSeconds: 0,
  };
  const add = (i: number, from: number, to: number): void => {
    const seconds = (to - from) * (t[i] - t[i - 1]);
    if (moving[i]) open.movingTime += seconds;
    if (!Number.isNaN(stepHr[i])) {
      open.heartbeats += stepHr[i] * seconds;
      open.heartrateSeconds += seconds;
    }
  };
  const close = (endTime: number, endDistance: number, endElevation: number): void => {
    const distance = endDistance - open.startDistance;
    const split: MetricSplit = {
      split: splits.length + 1,
      distance,
      elapsed_time: endTime - open.startTime,
      moving_time: open.movingTime,
      elevation_difference: endElevation - open.startElevation,
      average_speed: open.movingTime > 0 ? distance / open.movingTime : 0,
    };
    if (open.heartrateSeconds > 0) split.average_heartrate = open.heartbeats / open.heartrateSeconds;
    splits.push(split);
    open = {
      startTime: endTime,
      startDistance: endDistance,
      startElevation: endElevation,
      movingTime: 0,
      heartbeats: 0,
      heartrateSeconds: 0,
    };
  };

  let border = SPLIT_LENGTH_M;
  for (let i = 1; i < n; i++) {
    let from = 0;
    while (splits.length < borders && cumulative[i] >= border) {
      const fraction = (border - cumulative[i - 1]) / (cumulative[i] - cumulative[i - 1]);
      add(i, from, fraction);
      close(t[i - 1] + fraction * (t[i] - t[i - 1]), border, elevationAt(i, fraction));
      from = fraction;
      border += SPLIT_LENGTH_M;
    }
    add(i, from, 1);
  }
  close(t[n - 1], total, elevation === null ? 0 : elevation[n - 1]);
  return splits;
}
