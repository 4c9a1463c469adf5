import { at, clock, distance, round } from './evidence';
import type { FraudFlag } from './fraud-flag';
import { STEP_TELEPORT, type PreparedTrack } from './prepared-track';
import { POSITION_JUMP_MIN_M, TELEPORT_SPEED_MPS } from './thresholds';

/**
 * Rule 3: a teleport. Two consecutive points (after spikes are dropped, so the track did not come back within
 * 3 points) at least 1 km apart and joined faster than 100 m/s. Shorter teleports are GPS re-acquisition
 * errors; they only cut the track. The largest teleport is reported. O(n).
 */
export function positionJump(track: PreparedTrack): FraudFlag | null {
  const { n, t, step, stepDistance } = track;
  let worst = -1;
  let count = 0;
  let total = 0;
  for (let i = 1; i < n; i++) {
    if (step[i] !== STEP_TELEPORT || stepDistance[i] < POSITION_JUMP_MIN_M) continue;
    count++;
    total += stepDistance[i];
    if (worst < 0 || stepDistance[i] > stepDistance[worst]) worst = i;
  }
  if (worst < 0) return null;
  const d = stepDistance[worst];
  const dt = t[worst] - t[worst - 1];
  const v = dt > 0 ? d / dt : Infinity;
  return {
    rule: 'position_jump',
    reason:
      `At ${clock(t[worst])} into the workout the track jumps ${distance(d)} in ${dt < 10 ? dt.toFixed(1) : Math.round(dt)} s ` +
      `(${Number.isFinite(v) ? `${Math.round(v)} m/s` : 'no time at all'}) and carries on from there, so it is not a GPS ` +
      `spike but a teleport: no athlete or vehicle covers ${distance(POSITION_JUMP_MIN_M)} or more at over ${TELEPORT_SPEED_MPS} m/s.`,
    evidence: {
      measure: 'jump distance',
      measured: round(d, 0),
      threshold: POSITION_JUMP_MIN_M,
      unit: 'm',
      flagged_when: 'measured >= threshold and speed_mps > speed_threshold_mps',
      speed_mps: Number.isFinite(v) ? round(v, 0) : 'instant',
      speed_threshold_mps: TELEPORT_SPEED_MPS,
      duration_s: round(dt, 1),
      jumps: count,
      jumps_total_m: round(total, 0),
      ...at(track, worst - 1, 'from_'),
      ...at(track, worst),
    },
  };
}
