import type { TelemetryPoint } from '../../workouts/telemetry-point';
import { CLEAN_RUN, METRES_PER_DEGREE, shuffledWithDuplicates, track } from './testing/fraud-tracks';
import { EMPTY_TRACK_FINGERPRINT, trackFingerprint } from './track-fingerprint';

const fingerprintOf = (points: readonly TelemetryPoint[]): string => trackFingerprint(points);

describe('trackFingerprint', () => {
  const points = track(CLEAN_RUN);
  const original = fingerprintOf(points);

  it('is trk1: and 32 hex digits', () => {
    expect(original).toMatch(/^trk1:[0-9a-f]{32}$/);
  });

  it('does not depend on the order of the points or on duplicate samples', () => {
    expect(fingerprintOf(shuffledWithDuplicates(points, 1))).toBe(original);
    expect(fingerprintOf(shuffledWithDuplicates(points, 2, 3))).toBe(original);
  });

  it('ignores heart rate, cadence and elevation, and points without a usable position', () => {
    const bare = points.map(({ t, lat, lon }) => ({ t, lat, lon }));
    expect(fingerprintOf(bare)).toBe(original);
    expect(fingerprintOf([...points, { t: points[5].t + 500, lat: NaN, lon: 13 }])).toBe(original);
  });

  it('changes when a position moves by a few metres', () => {
    const moved = points.map((p, i) => (i === 600 ? { ...p, lat: p.lat + 5 / METRES_PER_DEGREE } : p));
    expect(fingerprintOf(moved)).not.toBe(original);
  });

  it('changes with the start time (the same shape on another day is another fingerprint)', () => {
    expect(fingerprintOf(points.map((p) => ({ ...p, t: p.t + 86_400_000 })))).not.toBe(original);
  });

  it('changes with the same route and start run with other GPS noise', () => {
    expect(fingerprintOf(track({ ...CLEAN_RUN, seed: 2 }))).not.toBe(original);
  });

  it('is the empty fingerprint without points', () => {
    expect(trackFingerprint([])).toBe(EMPTY_TRACK_FINGERPRINT);
  });

  // Before the sample cap this took tens of seconds (one sample per 10 s of the span); the short
  // test timeout is the guard, not a speed measurement.
  it('samples a long span sparsely: two points a decade apart', () => {
    const fingerprint = trackFingerprint([
      { t: Date.UTC(2010, 0, 1), lat: 52.5, lon: 13.35 },
      { t: Date.UTC(2020, 0, 1), lat: 52.6, lon: 13.4 },
    ]);
    expect(fingerprint).toMatch(/^trk1:[0-9a-f]{32}$/);
  }, 3000);
});
