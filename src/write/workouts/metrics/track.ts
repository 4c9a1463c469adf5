import type { TelemetryPoint } from '../telemetry-point';
import {
  MAX_GAP_S,
  MAX_VALID_ELEVATION_M,
  MAX_VALID_HEARTRATE,
  MIN_VALID_ELEVATION_M,
  MIN_VALID_HEARTRATE,
} from './constants';
import { filterSpikes } from './spike-filter';

/** What joins point i-1 to point i (`Track.step[i]`; `step[0]` is unused). */
export const STEP_CONTINUOUS = 0;
/** Longer than `MAX_GAP_S`: the device recorded nothing in between. */
export const STEP_GAP = 1;
/** An impossible jump that did not come back (see `filterSpikes`). */
export const STEP_JUMP = 2;

/**
 * The points the engine works on, as parallel typed arrays: the normalised stream minus spikes.
 * Steps that are gaps or jumps split the track into sections; smoothing never crosses a section border.
 */
export interface Track {
  readonly n: number;
  /** Seconds since the first point. */
  readonly t: Float64Array;
  readonly lat: Float64Array;
  /** Longitude unwrapped across the antimeridian (may leave [-180, 180]; haversine does not mind). */
  readonly lon: Float64Array;
  /** Metres; NaN where missing or out of range. */
  readonly ele: Float64Array;
  /** bpm; NaN where missing or out of range. */
  readonly hr: Float64Array;
  readonly step: Uint8Array;
  /** Index of each point in the normalised stream. */
  readonly streamIndex: Int32Array;
  /** Start index of the section each point belongs to, and its (inclusive) end index. */
  readonly sectionStart: Int32Array;
  readonly sectionEnd: Int32Array;
}

const valueOrNaN = (value: number | undefined, min: number, max: number): number =>
  value !== undefined && Number.isFinite(value) && value >= min && value <= max ? value : NaN;

/** Builds the track from a normalised stream (see `normaliseTelemetry`). */
export function buildTrack(stream: readonly TelemetryPoint[], maxPlausibleSpeed: number): Track {
  const { kept, jumpBefore } = filterSpikes(stream, maxPlausibleSpeed);
  const n = kept.length;
  const t = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const ele = new Float64Array(n);
  const hr = new Float64Array(n);
  const step = new Uint8Array(n);
  const streamIndex = new Int32Array(n);
  const sectionStart = new Int32Array(n);
  const sectionEnd = new Int32Array(n);
  const t0 = n > 0 ? stream[kept[0]].t : 0;

  for (let i = 0; i < n; i++) {
    const p = stream[kept[i]];
    streamIndex[i] = kept[i];
    t[i] = (p.t - t0) / 1000;
    lat[i] = p.lat;
    let l = p.lon;
    if (i > 0) {
      const previous = lon[i - 1];
      l += 360 * Math.round((previous - l) / 360);
    }
    lon[i] = l;
    ele[i] = valueOrNaN(p.ele, MIN_VALID_ELEVATION_M, MAX_VALID_ELEVATION_M);
    hr[i] = valueOrNaN(p.hr, MIN_VALID_HEARTRATE, MAX_VALID_HEARTRATE);
    if (i > 0) step[i] = jumpBefore[i] ? STEP_JUMP : t[i] - t[i - 1] > MAX_GAP_S ? STEP_GAP : STEP_CONTINUOUS;
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
  return { n, t, lat, lon, ele, hr, step, streamIndex, sectionStart, sectionEnd };
}
