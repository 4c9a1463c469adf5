import { at, clock, duration, round, speed } from './evidence';
import type { FraudFlag } from './fraud-flag';
import { forEachWindow, STEP_CONTINUOUS, type PreparedTrack } from './prepared-track';
import {
  FLAT_HEART_RATE_MIN_S,
  FLAT_HEART_RATE_MIN_SAMPLES,
  GAP_MIN_S,
  HARD_RUNNING_SPEED_MPS,
  MIN_HEART_RATE_COVERAGE,
  RESTING_HEART_RATE_MAX,
  RESTING_HR_WINDOW_S,
  type SportFraudLimits,
} from './thresholds';

/**
 * Rule 5, only where heart rate was recorded:
 * - a resting heart rate at hard running speed (Run, TrailRun): over some 5 min stretch the athlete moved at
 *   4 m/s or faster with a time-weighted mean heart rate of 100 bpm or less (at least 80 % of the stretch
 *   covered by samples). Running that fast needs a working heart (about 70 % of max or more).
 * - a flat heart rate (any sport): the same value sample after sample for 5 min or more over 30 or more
 *   samples. A heart's rate varies from beat to beat and every sensor shows it; a constant is a simulator or
 *   an edited file.
 * The resting-rate finding is reported when both occur. O(n).
 */
export function implausibleHeartRate(track: PreparedTrack, limits: SportFraudLimits): FraudFlag | null {
  if (!track.hr.some((bpm) => !Number.isNaN(bpm))) return null;
  return (limits.checkRestingHeartRateAtSpeed ? restingHeartRateAtSpeed(track) : null) ?? flatHeartRate(track);
}

function restingHeartRateAtSpeed(track: PreparedTrack): FraudFlag | null {
  const { n, t, hr, step, cumulative } = track;
  // prefix sums over covered steps (both ends have a heart rate, not a gap): seconds and bpm * seconds
  const covered = new Float64Array(n);
  const weighted = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const dt = t[i] - t[i - 1];
    const ok = step[i] === STEP_CONTINUOUS && !Number.isNaN(hr[i]) && !Number.isNaN(hr[i - 1]);
    covered[i] = covered[i - 1] + (ok ? dt : 0);
    weighted[i] = weighted[i - 1] + (ok ? (dt * (hr[i] + hr[i - 1])) / 2 : 0);
  }
  let best = null as { i: number; j: number; bpm: number; v: number } | null;
  forEachWindow(track, RESTING_HR_WINDOW_S, (i, j) => {
    const seconds = t[j] - t[i];
    const v = (cumulative[j] - cumulative[i]) / seconds;
    const hrSeconds = covered[j] - covered[i];
    if (v < HARD_RUNNING_SPEED_MPS || hrSeconds < MIN_HEART_RATE_COVERAGE * seconds) return;
    const bpm = (weighted[j] - weighted[i]) / hrSeconds;
    if (bpm <= RESTING_HEART_RATE_MAX && (best === null || bpm < best.bpm)) best = { i, j, bpm, v };
  });
  if (best === null) return null;
  const { i, j, bpm, v } = best;
  return {
    rule: 'implausible_heart_rate',
    reason:
      `For ${duration(t[j] - t[i])} from ${clock(t[i])} into the workout the athlete ran at ${speed(v)} with an average ` +
      `heart rate of ${Math.round(bpm)} bpm: running that fast needs a working heart, and ${RESTING_HEART_RATE_MAX} bpm ` +
      `or less is a resting heart rate.`,
    evidence: {
      measure: 'mean heart rate at hard running speed',
      measured: round(bpm, 1),
      threshold: RESTING_HEART_RATE_MAX,
      unit: 'bpm',
      flagged_when: 'measured <= threshold and speed_mps >= speed_threshold_mps',
      speed_mps: round(v, 2),
      speed_threshold_mps: HARD_RUNNING_SPEED_MPS,
      window_s: RESTING_HR_WINDOW_S,
      ...at(track, i),
      ...at(track, j, 'end_'),
    },
  };
}

function flatHeartRate(track: PreparedTrack): FraudFlag | null {
  const { n, t, hr } = track;
  let best: { from: number; to: number } | null = null;
  let from = -1;
  for (let i = 0; i <= n; i++) {
    const continues = i < n && from >= 0 && hr[i] === hr[from] && t[i] - t[i - 1] <= GAP_MIN_S;
    if (continues) continue;
    if (from >= 0) {
      const to = i - 1;
      const long = t[to] - t[from] >= FLAT_HEART_RATE_MIN_S && to - from + 1 >= FLAT_HEART_RATE_MIN_SAMPLES;
      if (long && (best === null || t[to] - t[from] > t[best.to] - t[best.from])) best = { from, to };
    }
    from = i < n && !Number.isNaN(hr[i]) ? i : -1;
  }
  if (best === null) return null;
  const { from: a, to: b } = best;
  const seconds = t[b] - t[a];
  return {
    rule: 'implausible_heart_rate',
    reason:
      `The heart rate stayed at exactly ${hr[a]} bpm for ${duration(seconds)} (${b - a + 1} samples in a row) from ` +
      `${clock(t[a])} into the workout; a real heart rate varies from beat to beat, so a constant for ` +
      `${duration(FLAT_HEART_RATE_MIN_S)} or more points to a simulator or an edited file.`,
    evidence: {
      measure: 'constant heart rate duration',
      measured: round(seconds, 0),
      threshold: FLAT_HEART_RATE_MIN_S,
      unit: 's',
      flagged_when: 'measured >= threshold and samples >= samples_threshold',
      heart_rate_bpm: hr[a],
      samples: b - a + 1,
      samples_threshold: FLAT_HEART_RATE_MIN_SAMPLES,
      ...at(track, a),
      ...at(track, b, 'end_'),
    },
  };
}
