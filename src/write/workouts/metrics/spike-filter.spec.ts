import type { TelemetryPoint } from '../telemetry-point';
import { EARTH_MEAN_RADIUS_M } from './haversine';
import { filterSpikes } from './spike-filter';

const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;
/** A point `north` metres north of the origin at second `s`. */
const at = (s: number, north: number): TelemetryPoint => ({ t: s * 1000, lat: 50 + north / METRES_PER_DEGREE, lon: 8 });
/** Running north at 3 m/s, one point per second. */
const run = (seconds: number): TelemetryPoint[] => Array.from({ length: seconds }, (_, s) => at(s, 3 * s));
const RUN_MAX = 12.5;

describe('filterSpikes', () => {
  it('keeps a plausible track whole', () => {
    const points = run(20);
    const { kept, jumpBefore } = filterSpikes(points, RUN_MAX);
    expect(kept).toEqual(points.map((_, i) => i));
    expect(jumpBefore.every((jump) => !jump)).toBe(true);
  });

  it('drops a single point far off the track that comes back', () => {
    const points = run(20);
    points[10] = at(10, 30 + 200);
    expect(filterSpikes(points, RUN_MAX).kept).not.toContain(10);
    expect(filterSpikes(points, RUN_MAX).kept).toHaveLength(19);
  });

  it('drops a burst of up to three spiking points', () => {
    const points = run(20);
    for (const i of [7, 8, 9]) points[i] = at(i, 3 * i + 500);
    expect(filterSpikes(points, RUN_MAX).kept).toEqual(run(20).map((_, i) => i).filter((i) => i < 7 || i > 9));
  });

  it('keeps a jump that does not come back, marked as a jump', () => {
    const points = [...run(10), ...run(10).map((_, s) => at(10 + s, 5000 + 3 * s))];
    const { kept, jumpBefore } = filterSpikes(points, RUN_MAX);
    expect(kept).toHaveLength(20);
    expect(jumpBefore[10]).toBe(true);
    expect(jumpBefore.filter(Boolean)).toHaveLength(1);
  });

  it('drops a first or last point that is far off the rest', () => {
    const points = run(20);
    points[0] = at(0, -400);
    points[19] = at(19, 57 + 400);
    expect(filterSpikes(points, RUN_MAX).kept).toEqual(run(20).map((_, i) => i).slice(1, 19));
  });

  it('allows long jumps across long gaps at a plausible speed', () => {
    const points = [at(0, 0), at(1, 3), at(61, 183), at(62, 186)];
    expect(filterSpikes(points, RUN_MAX).kept).toEqual([0, 1, 2, 3]);
  });

  it('handles empty and one-point tracks', () => {
    expect(filterSpikes([], RUN_MAX)).toEqual({ kept: [], jumpBefore: [] });
    expect(filterSpikes([at(0, 0)], RUN_MAX)).toEqual({ kept: [0], jumpBefore: [false] });
  });
});
