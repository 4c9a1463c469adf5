import { at, clock, distance, duration, round, speed, sportPhrase } from './evidence';
import type { FraudFlag } from './fraud-flag';
import { STEP_GAP, type PreparedTrack } from './prepared-track';
import { GAP_MIN_DISTANCE_M, GAP_MIN_S, sustainedSpeedLimit, type SportFraudLimits } from './thresholds';

/**
 * Rule 4: the GPS recorded nothing for more than 60 s, and the straight line across the gap is at least
 * 500 m long and faster than the sport can sustain for the gap's duration (its speed-window limits,
 * interpolated). Turn the GPS off, drive, turn it back on. The metrics engine counts such a gap as distance.
 * The most excessive gap is reported. O(n).
 */
export function gpsGapCoveringDistance(track: PreparedTrack, limits: SportFraudLimits): FraudFlag | null {
  const { n, t, step, stepDistance, sport } = track;
  let worst = -1;
  let worstRatio = 1;
  let worstLimit = 0;
  let count = 0;
  let total = 0;
  for (let i = 1; i < n; i++) {
    if (step[i] !== STEP_GAP || stepDistance[i] < GAP_MIN_DISTANCE_M) continue;
    const dt = t[i] - t[i - 1];
    const limit = sustainedSpeedLimit(limits, dt);
    const ratio = stepDistance[i] / dt / limit;
    if (!(ratio > 1)) continue;
    count++;
    total += stepDistance[i];
    if (ratio > worstRatio) {
      worst = i;
      worstRatio = ratio;
      worstLimit = limit;
    }
  }
  if (worst < 0) return null;
  const d = stepDistance[worst];
  const dt = t[worst] - t[worst - 1];
  return {
    rule: 'gps_gap_covering_distance',
    reason:
      `No GPS for ${duration(dt)} from ${clock(t[worst - 1])} into the workout, after which the athlete was ${distance(d)} ` +
      `away, ${speed(d / dt)} in a straight line; ${sportPhrase(sport)} cannot sustain more than ${speed(worstLimit)} ` +
      `for that long.`,
    evidence: {
      measure: 'speed across the gap',
      measured: round(d / dt, 2),
      threshold: round(worstLimit, 2),
      unit: 'm/s',
      flagged_when: 'measured > threshold and gap_s > gap_threshold_s and distance_m >= distance_threshold_m',
      gap_s: round(dt, 0),
      gap_threshold_s: GAP_MIN_S,
      distance_m: round(d, 0),
      distance_threshold_m: GAP_MIN_DISTANCE_M,
      gaps: count,
      gaps_total_m: round(total, 0),
      ...at(track, worst - 1),
      ...at(track, worst, 'end_'),
    },
  };
}
