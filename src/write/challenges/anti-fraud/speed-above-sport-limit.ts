import type { WorkoutMetrics } from '../../workouts/metrics';
import { at, clock, duration, round, speed, sportPhrase } from './evidence';
import type { FraudFlag } from './fraud-flag';
import { forEachWindow, STEP_CONTINUOUS, type PreparedTrack } from './prepared-track';
import { RECORD_MARGIN, type SportFraudLimits } from './thresholds';

interface Finding {
  /** measured / limit, > 1: how far over the limit. */
  ratio: number;
  flag: FraudFlag;
}

/**
 * Rule 1: the athlete moved faster than the sport allows, sustained. Two measures, the stronger finding wins:
 * - the fastest mean speed over windows of 60 s, 5 min, 20 min and 1 h of recorded movement (gaps and
 *   teleports are other rules), against the sport's limits (world-record pace + 15 % for foot sports);
 * - the workout's `best_efforts` (the figures a "fastest 5 km" board shows), against the world records / 1.15;
 *   an effort that spans a GPS gap or a teleport is left to those rules (the engine counts a gap at a
 *   plausible-looking speed as distance, so the effort would just restate the gap).
 * Spikes are gone and distance runs along chords of 20 m or more, so GPS noise adds a few per cent at most.
 */
export function speedAboveSportLimit(track: PreparedTrack, limits: SportFraudLimits, metrics: WorkoutMetrics): FraudFlag | null {
  const { t, cumulative, sport } = track;
  let worst: Finding | null = null;
  let over = 0;

  for (const { windowS, maxSpeed } of limits.speedWindows) {
    let best = -1;
    let bestI = 0;
    let bestJ = 0;
    forEachWindow(track, windowS, (i, j) => {
      const v = (cumulative[j] - cumulative[i]) / (t[j] - t[i]);
      if (v > best) {
        best = v;
        bestI = i;
        bestJ = j;
      }
    });
    if (!(best > maxSpeed)) continue;
    over++;
    const ratio = best / maxSpeed;
    if (worst !== null && ratio <= worst.ratio) continue;
    const seconds = t[bestJ] - t[bestI];
    worst = {
      ratio,
      flag: {
        rule: 'speed_above_sport_limit',
        reason:
          `For ${duration(seconds)} from ${clock(t[bestI])} into the workout the athlete averaged ${speed(best)}, ` +
          `faster than ${sportPhrase(sport)} allows over ${duration(windowS)}: its limit is ${speed(maxSpeed)}.`,
        evidence: {
          measure: `fastest ${windowS} s`,
          measured: round(best, 2),
          threshold: maxSpeed,
          unit: 'm/s',
          flagged_when: 'measured > threshold',
          window_s: windowS,
          duration_s: round(seconds, 0),
          distance_m: round(cumulative[bestJ] - cumulative[bestI], 0),
          ...at(track, bestI),
          ...at(track, bestJ, 'end_'),
        },
      },
    };
  }

  const cuts = cutsByStreamIndex(track);
  for (const record of limits.bestEffortRecords) {
    const effort = metrics.best_efforts.find((e) => e.name === record.name);
    if (effort === undefined || !(effort.elapsed_time > 0)) continue;
    const { start_index: from, end_index: to } = effort;
    if (!(from >= 0 && to < cuts.length && from <= to) || cuts[to] !== cuts[from]) continue;
    const limitS = record.recordS / RECORD_MARGIN;
    if (!(effort.elapsed_time < limitS)) continue;
    over++;
    const ratio = limitS / effort.elapsed_time;
    if (worst !== null && ratio <= worst.ratio) continue;
    worst = {
      ratio,
      flag: {
        rule: 'speed_above_sport_limit',
        reason:
          `The fastest ${record.name} took ${clock(effort.elapsed_time)}, at ${speed(effort.distance / effort.elapsed_time)}: ` +
          `quicker than ${clock(limitS)}, which is already ${Math.round((RECORD_MARGIN - 1) * 100)} % faster than the ` +
          `world record of ${clock(record.recordS)} (${record.record}).`,
        evidence: {
          measure: `best effort ${record.name}`,
          measured: effort.elapsed_time,
          threshold: round(limitS, 1),
          unit: 's',
          flagged_when: 'measured < threshold',
          world_record_s: record.recordS,
          speed_mps: round(effort.distance / effort.elapsed_time, 2),
          t: track.stream[from].t,
          index: from,
          elapsed_s: round((track.stream[from].t - track.epochMs[0]) / 1000, 0),
          end_t: track.stream[to].t,
          end_index: to,
        },
      },
    };
  }

  if (worst === null) return null;
  worst.flag.evidence.measures_over_limit = over;
  return worst.flag;
}

/** cuts[k]: how many gap or teleport steps end at a point of the normalised stream with index <= k. */
function cutsByStreamIndex(track: PreparedTrack): Int32Array {
  const cuts = new Int32Array(track.stream.length);
  for (let i = 1; i < track.n; i++) if (track.step[i] !== STEP_CONTINUOUS) cuts[track.index[i]]++;
  for (let k = 1; k < cuts.length; k++) cuts[k] += cuts[k - 1];
  return cuts;
}
