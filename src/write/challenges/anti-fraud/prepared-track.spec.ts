import type { TelemetryPoint } from '../../workouts/telemetry-point';
import { forEachWindow, prepareTrack, STEP_CONTINUOUS, STEP_GAP, STEP_TELEPORT } from './prepared-track';
import { syntheticTrack } from '../../workouts/metrics/testing/synthetic-track';
import { CLEAN_RUN, METRES_PER_DEGREE } from './testing/fraud-tracks';

/** A point `north` metres north of 50°N 8°E at second `s`. */
const at = (s: number, north: number): TelemetryPoint => ({ t: s * 1000, lat: 50 + north / METRES_PER_DEGREE, lon: 8 });
/** Running north at 3 m/s, one point per second, from second `from`. */
const run = (seconds: number, from = 0, start = 0): TelemetryPoint[] =>
  Array.from({ length: seconds }, (_, k) => at(from + k, start + 3 * k));

describe('prepareTrack', () => {
  it('measures the path of a noisy run within 2 % of the truth', () => {
    for (const seed of [1, 2, 3]) {
      const { points, truth } = syntheticTrack({ ...CLEAN_RUN, seed });
      const track = prepareTrack(points, 'Run');
      expect(Math.abs(track.cumulative[track.n - 1] - truth.distance) / truth.distance).toBeLessThan(0.02);
    }
  });

  it('drops a spike that comes back, as the metrics engine does', () => {
    const points = run(30);
    points[10] = at(10, 30 + 300);
    const track = prepareTrack(points, 'Run');
    expect(track.n).toBe(29);
    expect([...track.step].every((s) => s === STEP_CONTINUOUS)).toBe(true);
  });

  it('keeps a longer excursion but cuts the track at its teleports, and at gaps over 60 s', () => {
    const points = [...run(20), ...run(5, 20, 60 + 500), ...run(20, 25, 75), ...run(20, 120, 135)];
    const track = prepareTrack(points, 'Run');
    expect(track.n).toBe(65);
    expect(track.step[20]).toBe(STEP_TELEPORT);
    expect(track.step[25]).toBe(STEP_TELEPORT);
    expect(track.step[45]).toBe(STEP_GAP); // 75 s without a point
    expect([...track.sectionStart].filter((s, i) => s === i)).toEqual([0, 20, 25, 45]);
    // no path is counted across a cut
    expect(track.cumulative[20] - track.cumulative[19]).toBe(0);
    expect(track.cumulative[45] - track.cumulative[44]).toBe(0);
  });

  it('visits only windows inside one section', () => {
    const points = [...run(100), ...run(100, 200, 300)];
    const track = prepareTrack(points, 'Run');
    const windows: Array<[number, number]> = [];
    forEachWindow(track, 60, (i, j) => windows.push([i, j]));
    expect(windows).toHaveLength(80); // 40 starts in each 100 s section
    for (const [i, j] of windows) {
      expect(track.sectionStart[i]).toBe(track.sectionStart[j]);
      expect(track.t[j] - track.t[i]).toBe(60);
    }
  });
});
