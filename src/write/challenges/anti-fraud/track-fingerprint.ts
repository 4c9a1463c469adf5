import { createHash } from 'node:crypto';
import { normaliseTelemetry } from '../../workouts/metrics';
import type { TelemetryPoint } from '../../workouts/telemetry-point';
import { FINGERPRINT_QUANTUM_DEG, FINGERPRINT_RESAMPLE_S } from './thresholds';

/** Prefix of every fingerprint: a new algorithm gets a new version, so old and new never compare equal by accident. */
export const FINGERPRINT_VERSION = 'trk1';

/** Enough for 27 hours at one sample every 10 s; longer tracks are sampled more sparsely. */
const MAX_SAMPLES = 10_000;

/** The fingerprint of a track without any usable point. */
export const EMPTY_TRACK_FINGERPRINT = `${FINGERPRINT_VERSION}:empty`;

/**
 * A stable hash of a track's shape and times, from its normalised stream (`normaliseTelemetry`: sorted, one
 * point per timestamp, so arrival order and duplicate samples do not matter): the start time (whole seconds),
 * the duration, and the positions every 10 s from the first point, linearly interpolated and rounded to
 * 1e-5° (about 1 m). Heart rate, cadence and elevation are left out, so re-parsing the same file (or editing
 * those fields) gives the same fingerprint. Two recordings of the same run by two devices, or by two
 * athletes running side by side, differ by the GPS noise of each device (metres), so their fingerprints
 * differ. `trk1:` + 32 hex digits (128 bits of SHA-256). O(n log n) for the sort.
 */
export function trackFingerprint(points: readonly TelemetryPoint[]): string {
  return fingerprintOfStream(normaliseTelemetry(points));
}

/** `trackFingerprint` of an already normalised stream. O(n). */
export function fingerprintOfStream(stream: readonly TelemetryPoint[]): string {
  const n = stream.length;
  if (n === 0) return EMPTY_TRACK_FINGERPRINT;
  const first = stream[0].t;
  const last = stream[n - 1].t;
  const hash = createHash('sha256');
  hash.update(`${FINGERPRINT_VERSION};${Math.floor(first / 1000)};${Math.round((last - first) / 1000)}`);
  const q = (degrees: number): number => Math.round(degrees / FINGERPRINT_QUANTUM_DEG);
  const sample = (lat: number, lon: number): void => {
    hash.update(`;${q(lat)},${q(lon)}`);
  };
  // Every 10 s, but never more than MAX_SAMPLES samples: the cost must follow the points, not the
  // duration (a two-point file spanning years must not keep the server busy for minutes).
  const stepMs = Math.max(FINGERPRINT_RESAMPLE_S * 1000, Math.ceil((last - first) / MAX_SAMPLES));
  let p = 0;
  for (let s = 0, time = first; time <= last; s++, time = first + s * stepMs) {
    while (p < n - 1 && stream[p + 1].t <= time) p++;
    const a = stream[p];
    if (p === n - 1 || a.t === time) {
      sample(a.lat, a.lon);
      continue;
    }
    const b = stream[p + 1];
    const f = (time - a.t) / (b.t - a.t);
    sample(a.lat + f * (b.lat - a.lat), a.lon + f * (b.lon - a.lon));
  }
  const end = stream[n - 1];
  sample(end.lat, end.lon);
  return `${FINGERPRINT_VERSION}:${hash.digest('hex').slice(0, 32)}`;
}
