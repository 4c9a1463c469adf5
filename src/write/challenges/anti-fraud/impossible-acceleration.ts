import { at, clock, round, speed } from './evidence';
import type { FraudFlag } from './fraud-flag';
import type { PreparedTrack } from './prepared-track';
import { ACCELERATION_WINDOW_S, type SportFraudLimits } from './thresholds';

/** Path distance at any time of a section, by linear interpolation; queries must come in increasing time. */
function interpolator(track: PreparedTrack): (time: number) => number {
  const { t, cumulative, n } = track;
  let k = 0;
  return (time) => {
    while (k < n - 2 && t[k + 1] < time) k++;
    const dt = t[k + 1] - t[k];
    const f = dt > 0 ? Math.min(1, Math.max(0, (time - t[k]) / dt)) : 0;
    return cumulative[k] + f * (cumulative[k + 1] - cumulative[k]);
  };
}

/**
 * Rule 2: the speed changed faster than the sport's athletes can make it change, sustained over seconds.
 * At each point, the mean speeds over consecutive 10 s windows (path distance, spikes gone) are compared: a
 * rise counts when it holds for both windows after the point, a fall when it held for both windows before
 * (so a GPS excursion of a few seconds, which comes back, never counts). The measure is the change divided by
 * 10 s: a sprinter's start reaches about 1 m/s² on it, a car pulling away from a runner's pace 2 m/s².
 * Windows stay inside one section. O(n).
 */
export function impossibleAcceleration(track: PreparedTrack, limits: SportFraudLimits): FraudFlag | null {
  const { n, t, sectionStart, sectionEnd } = track;
  const maxUp = limits.maxAcceleration;
  const maxDown = limits.maxDeceleration;
  if ((maxUp === null && maxDown === null) || n < 2) return null;
  const W = ACCELERATION_WINDOW_S;
  const c = [interpolator(track), interpolator(track), interpolator(track), interpolator(track), interpolator(track)];

  let worstRatio = 1;
  let worst: FraudFlag | null = null;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const from = t[sectionStart[i]];
    const to = t[sectionEnd[i]];
    const ti = t[i];
    if (ti - W < from || ti + W > to) continue;
    const twoBefore = ti - 2 * W >= from;
    const twoAfter = ti + 2 * W <= to;
    const cm2 = twoBefore ? c[0](ti - 2 * W) : NaN;
    const cm1 = c[1](ti - W);
    const c0 = c[2](ti);
    const cp1 = c[3](ti + W);
    const cp2 = twoAfter ? c[4](ti + 2 * W) : NaN;
    const v0 = (cm1 - cm2) / W;
    const v1 = (c0 - cm1) / W;
    const v2 = (cp1 - c0) / W;
    const v3 = (cp2 - cp1) / W;

    const candidates: Array<{ kind: 'acceleration' | 'deceleration'; a: number; limit: number; before: number; after: number }> = [];
    if (maxUp !== null && twoAfter) {
      const after = Math.min(v2, v3);
      candidates.push({ kind: 'acceleration', a: (after - v1) / W, limit: maxUp, before: v1, after });
    }
    if (maxDown !== null && twoBefore) {
      const before = Math.min(v0, v1);
      candidates.push({ kind: 'deceleration', a: (before - v2) / W, limit: maxDown, before, after: v2 });
    }
    for (const { kind, a, limit, before, after } of candidates) {
      if (!(a > limit)) continue;
      count++;
      if (a / limit <= worstRatio) continue;
      worstRatio = a / limit;
      const rose = kind === 'acceleration';
      worst = {
        rule: 'impossible_acceleration',
        reason: rose
          ? `At ${clock(ti)} into the workout the speed rose from ${speed(before)} over the ${W} s before to at least ` +
            `${speed(after)} over each of the next two ${W} s: an average acceleration of ${a.toFixed(1)} m/s², ` +
            `more than the ${limit} m/s² the sport allows.`
          : `At ${clock(ti)} into the workout the speed fell from at least ${speed(before)} over each of the two ${W} s ` +
            `before to ${speed(after)} over the next ${W} s: an average deceleration of ${a.toFixed(1)} m/s², ` +
            `more than the ${limit} m/s² the sport allows.`,
        evidence: {
          measure: kind,
          measured: round(a, 2),
          threshold: limit,
          unit: 'm/s²',
          flagged_when: 'measured > threshold',
          window_s: W,
          speed_before_mps: round(before, 2),
          speed_after_mps: round(after, 2),
          ...at(track, i),
        },
      };
    }
  }
  if (worst !== null) worst.evidence.points_over_limit = count;
  return worst;
}
