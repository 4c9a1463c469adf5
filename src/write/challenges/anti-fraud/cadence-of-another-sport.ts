import { at, clock, duration, round, speed, sportPhrase } from './evidence';
import type { FraudFlag } from './fraud-flag';
import { forEachWindow, type PreparedTrack } from './prepared-track';
import {
  CADENCE_CHECK_MIN_SPEED_MPS,
  CADENCE_WINDOW_S,
  MIN_CADENCE_COVERAGE,
  PEDALLING_CADENCE_MAX,
  PEDALLING_CADENCE_MIN,
  PEDALLING_SHARE_MIN,
  type SportFraudLimits,
} from './thresholds';

interface PedallingStretch {
  i: number;
  j: number;
  v: number;
  share: number;
  mean: number;
}

/**
 * Rule 6, foot sports only (cadence in steps per minute): over some 2 min stretch the athlete moved at
 * 3 m/s or faster while at least 80 % of the cadence samples (on at least 80 % of the points) lay in the
 * pedalling band, 60-100 /min. At 3 m/s that would be steps of 1.8 m or longer; runners take 150-200 steps
 * a minute, and a bike's crank turns 60-100 times. The fastest such stretch is reported. O(n).
 */
export function cadenceOfAnotherSport(track: PreparedTrack, limits: SportFraudLimits): FraudFlag | null {
  if (!limits.checkPedallingCadence) return null;
  const { n, t, cad, cumulative, sport } = track;
  if (!cad.some((c) => !Number.isNaN(c))) return null;
  // prefix counts over points 0..i-1: with a cadence, in the pedalling band, and the sum of cadences
  const withCadence = new Int32Array(n + 1);
  const inBand = new Int32Array(n + 1);
  const sum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const c = cad[i];
    const has = !Number.isNaN(c);
    withCadence[i + 1] = withCadence[i] + (has ? 1 : 0);
    inBand[i + 1] = inBand[i] + (has && c >= PEDALLING_CADENCE_MIN && c <= PEDALLING_CADENCE_MAX ? 1 : 0);
    sum[i + 1] = sum[i] + (has ? c : 0);
  }
  let best = null as PedallingStretch | null;
  forEachWindow(track, CADENCE_WINDOW_S, (i, j) => {
    const v = (cumulative[j] - cumulative[i]) / (t[j] - t[i]);
    if (v < CADENCE_CHECK_MIN_SPEED_MPS) return;
    const samples = withCadence[j + 1] - withCadence[i];
    if (samples === 0 || samples < MIN_CADENCE_COVERAGE * (j - i + 1)) return;
    const share = (inBand[j + 1] - inBand[i]) / samples;
    if (share < PEDALLING_SHARE_MIN) return;
    if (best === null || v > best.v) best = { i, j, v, share, mean: (sum[j + 1] - sum[i]) / samples };
  });
  if (best === null) return null;
  const { i, j, v, share, mean } = best;
  return {
    rule: 'cadence_of_another_sport',
    reason:
      `For ${duration(t[j] - t[i])} from ${clock(t[i])} into the workout the athlete moved at ${speed(v)} with a cadence ` +
      `of ${Math.round(mean)} /min: that is a bike's crank (${PEDALLING_CADENCE_MIN}-${PEDALLING_CADENCE_MAX} rpm), not ` +
      `${sportPhrase(sport)} (runners take 150-200 steps a minute; at this speed each step would be ` +
      `${((v * 60) / mean).toFixed(1)} m long).`,
    evidence: {
      measure: 'mean cadence at speed',
      measured: round(mean, 1),
      threshold: PEDALLING_CADENCE_MAX,
      unit: '/min',
      flagged_when: 'in_band_share >= in_band_share_threshold and speed_mps >= speed_threshold_mps',
      band_min: PEDALLING_CADENCE_MIN,
      band_max: PEDALLING_CADENCE_MAX,
      in_band_share: round(share, 2),
      in_band_share_threshold: PEDALLING_SHARE_MIN,
      speed_mps: round(v, 2),
      speed_threshold_mps: CADENCE_CHECK_MIN_SPEED_MPS,
      window_s: CADENCE_WINDOW_S,
      ...at(track, i),
      ...at(track, j, 'end_'),
    },
  };
}
