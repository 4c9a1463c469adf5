import { haversineMetres, normaliseTelemetry, SPORT_THRESHOLDS } from '../../workouts/metrics';
import type { SportType, TelemetryPoint } from '../../workouts/telemetry-point';
import {
  CHORD_MIN_M,
  GAP_MIN_S,
  MAX_VALID_HEART_RATE,
  MIN_VALID_HEART_RATE,
  SPORT_FRAUD_LIMITS,
  TELEPORT_SPEED_MPS,
} from './thresholds';

/** The metrics engine's spike rule (docs/metrics.md, "Spikes"): slack in metres and longest spike in points. */
export const SPIKE_SLACK_M = 20;
export const SPIKE_MAX_POINTS = 3;

/** What joins point i-1 to point i (`PreparedTrack.step[i]`). */
export const STEP_CONTINUOUS = 0;
/** Longer than `GAP_MIN_S`. */
export const STEP_GAP = 1;
/** Faster than `TELEPORT_SPEED_MPS` over more than the spike slack. */
export const STEP_TELEPORT = 2;

/**
 * The track the rules judge, as parallel arrays: the normalised stream (sorted, one point per timestamp)
 * without GPS spikes. Gaps and teleports cut it into sections; windows never cross a section border.
 */
export interface PreparedTrack {
  readonly sport: SportType;
  /** The normalised stream (`normaliseTelemetry`); `index` points into it. */
  readonly stream: readonly TelemetryPoint[];
  readonly n: number;
  /** Index of each kept point in the normalised stream. */
  readonly index: Int32Array;
  /** Epoch milliseconds. */
  readonly epochMs: Float64Array;
  /** Seconds since the first kept point. */
  readonly t: Float64Array;
  readonly lat: Float64Array;
  /** Unwrapped across the antimeridian (may leave [-180, 180]; haversine does not mind). */
  readonly lon: Float64Array;
  /** bpm; NaN where missing or out of range. */
  readonly hr: Float64Array;
  /** /min; NaN where missing or not finite. */
  readonly cad: Float64Array;
  /** m: straight line from point i-1 to point i. */
  readonly stepDistance: Float64Array;
  readonly step: Uint8Array;
  readonly sectionStart: Int32Array;
  readonly sectionEnd: Int32Array;
  /**
   * m: path distance at every point: positions averaged over t ± the sport's `smoothingHalfWindowS` (the
   * window shrunk symmetrically at a section's ends, so it does not lag), then summed along chords of at least
   * `CHORD_MIN_M` inside each section, each chord spread over its steps in proportion to time (0 across gaps
   * and teleports).
   */
  readonly cumulative: Float64Array;
}

/**
 * Indices (into `stream`) of the points that are not GPS spikes, by the metrics engine's rule: a point
 * farther from the last kept point than `maxPlausibleSpeed * dt + 20 m` is dropped when one of the next 3
 * points is plausible again (the track came back); otherwise it is kept (a jump). An impossible last point,
 * and a first point impossible from the 2nd and 3rd while those agree, are dropped. O(n).
 */
export function dropSpikes(stream: readonly TelemetryPoint[], maxPlausibleSpeed: number): number[] {
  const n = stream.length;
  const impossible = (a: number, b: number): boolean =>
    haversineMetres(stream[a], stream[b]) > (maxPlausibleSpeed * (stream[b].t - stream[a].t)) / 1000 + SPIKE_SLACK_M;
  const kept: number[] = [];
  if (n === 0) return kept;
  kept.push(n >= 3 && impossible(0, 1) && impossible(0, 2) && !impossible(1, 2) ? 1 : 0);
  let i = kept[0] + 1;
  while (i < n) {
    const last = kept[kept.length - 1];
    if (!impossible(last, i)) {
      kept.push(i++);
      continue;
    }
    if (i === n - 1) break;
    let back = -1;
    for (let j = i + 1; j < n && j <= i + SPIKE_MAX_POINTS; j++) {
      if (!impossible(last, j)) {
        back = j;
        break;
      }
    }
    if (back >= 0) i = back;
    else kept.push(i++);
  }
  return kept;
}

const validOrNaN = (value: number | undefined, min: number, max: number): number =>
  value !== undefined && Number.isFinite(value) && value >= min && value <= max ? value : NaN;

/** Normalises the points, drops spikes, classifies the steps and measures the path. O(n log n) for the sort. */
export function prepareTrack(points: readonly TelemetryPoint[], sport: SportType): PreparedTrack {
  const stream = normaliseTelemetry(points);
  const kept = dropSpikes(stream, SPORT_THRESHOLDS[sport].maxPlausibleSpeed);
  const n = kept.length;
  const index = Int32Array.from(kept);
  const epochMs = new Float64Array(n);
  const t = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const hr = new Float64Array(n);
  const cad = new Float64Array(n);
  const stepDistance = new Float64Array(n);
  const step = new Uint8Array(n);
  const sectionStart = new Int32Array(n);
  const sectionEnd = new Int32Array(n);
  const cumulative = new Float64Array(n);

  for (let i = 0; i < n; i++) {
    const p = stream[kept[i]];
    epochMs[i] = p.t;
    t[i] = (p.t - epochMs[0]) / 1000;
    lat[i] = p.lat;
    lon[i] = i === 0 ? p.lon : p.lon + 360 * Math.round((lon[i - 1] - p.lon) / 360);
    hr[i] = validOrNaN(p.hr, MIN_VALID_HEART_RATE, MAX_VALID_HEART_RATE);
    cad[i] = validOrNaN(p.cad, 0, Infinity);
    if (i === 0) continue;
    const d = haversineMetres({ lat: lat[i - 1], lon: lon[i - 1] }, { lat: lat[i], lon: lon[i] });
    const dt = t[i] - t[i - 1];
    stepDistance[i] = d;
    step[i] = d > TELEPORT_SPEED_MPS * dt && d > SPIKE_SLACK_M ? STEP_TELEPORT : dt > GAP_MIN_S ? STEP_GAP : STEP_CONTINUOUS;
  }

  let start = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && step[i] !== STEP_CONTINUOUS) {
      sectionEnd.fill(i - 1, start, i);
      start = i;
    }
    sectionStart[i] = start;
  }
  sectionEnd.fill(n - 1, start, n);

  const { sLat, sLon } = smoothPositions(t, lat, lon, sectionStart, sectionEnd, SPORT_FRAUD_LIMITS[sport].smoothingHalfWindowS);

  // chords: from the anchor, the first point at least CHORD_MIN_M away closes a chord (a section's last point
  // closes the open one); each chord's length is spread over its steps in proportion to their duration
  const increment = new Float64Array(n);
  const close = (anchor: number, to: number): void => {
    const length = haversineMetres({ lat: sLat[anchor], lon: sLon[anchor] }, { lat: sLat[to], lon: sLon[to] });
    const seconds = t[to] - t[anchor];
    for (let k = anchor + 1; k <= to; k++) increment[k] = seconds > 0 ? (length * (t[k] - t[k - 1])) / seconds : 0;
  };
  let anchor = 0;
  for (let i = 1; i < n; i++) {
    if (sectionStart[i] === i) {
      anchor = i;
      continue;
    }
    const atEnd = sectionEnd[i] === i;
    if (atEnd || haversineMetres({ lat: sLat[anchor], lon: sLon[anchor] }, { lat: sLat[i], lon: sLon[i] }) >= CHORD_MIN_M) {
      close(anchor, i);
      anchor = i;
    }
  }
  for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1] + increment[i];

  return { sport, stream, n, index, epochMs, t, lat, lon, hr, cad, stepDistance, step, sectionStart, sectionEnd, cumulative };
}

/**
 * Moving average of positions over the points within t ± `halfWindowS` of each point, inside its section; near
 * a section's ends the window shrinks to stay symmetric in time. Both window ends only move forward: O(n).
 */
function smoothPositions(
  t: Float64Array,
  lat: Float64Array,
  lon: Float64Array,
  sectionStart: Int32Array,
  sectionEnd: Int32Array,
  halfWindowS: number,
): { sLat: Float64Array; sLon: Float64Array } {
  const n = t.length;
  const sLat = new Float64Array(n);
  const sLon = new Float64Array(n);
  let lo = 0;
  let hi = -1;
  let sumLat = 0;
  let sumLon = 0;
  for (let i = 0; i < n; i++) {
    const first = sectionStart[i];
    const last = sectionEnd[i];
    if (first === i) {
      lo = i;
      hi = i - 1;
      sumLat = 0;
      sumLon = 0;
    }
    const half = Math.min(halfWindowS, t[i] - t[first], t[last] - t[i]);
    while (hi < last && t[hi + 1] <= t[i] + half) {
      hi++;
      sumLat += lat[hi];
      sumLon += lon[hi];
    }
    while (t[lo] < t[i] - half) {
      sumLat -= lat[lo];
      sumLon -= lon[lo];
      lo++;
    }
    const count = hi - lo + 1;
    sLat[i] = sumLat / count;
    sLon[i] = sumLon / count;
  }
  return { sLat, sLon };
}

/**
 * Calls `visit(i, j)` for every point i whose section holds a stretch of at least `windowS` seconds from it,
 * with j the first point of the same section at least `windowS` after i. O(n).
 */
export function forEachWindow(track: PreparedTrack, windowS: number, visit: (i: number, j: number) => void): void {
  const { n, t, sectionEnd } = track;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const end = sectionEnd[i];
    if (j < i) j = i; // a new section (or the first point)
    while (j < end && t[j] - t[i] < windowS) j++;
    if (t[j] - t[i] >= windowS) visit(i, j);
  }
}
