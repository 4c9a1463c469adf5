import { syntheticTrack } from '../../write/workouts/metrics/testing/synthetic-track';
import type { TelemetryPoint } from '../../write/workouts/telemetry-point';
import { simplifyLine } from './simplify-line';

const METRES_PER_DEGREE = 111_320;
const at = (t: number, northM: number, eastM: number): TelemetryPoint => ({
  t,
  lat: 46 + northM / METRES_PER_DEGREE,
  lon: 7 + eastM / (METRES_PER_DEGREE * Math.cos((46 * Math.PI) / 180)),
});

/** How far `point` is from the polyline `line`, in metres (flat, at route scale). */
function distanceToLine(point: TelemetryPoint, line: readonly TelemetryPoint[]): number {
  const metresPerDegreeLon = METRES_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
  const xy = (p: TelemetryPoint) => [p.lon * metresPerDegreeLon, p.lat * METRES_PER_DEGREE];
  const [px, py] = xy(point);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = xy(line[i - 1]);
    const [bx, by] = xy(line[i]);
    const lengthSquared = (bx - ax) ** 2 + (by - ay) ** 2;
    const u = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / lengthSquared));
    best = Math.min(best, Math.hypot(px - ax - u * (bx - ax), py - ay - u * (by - ay)));
  }
  return best;
}

describe('simplifyLine', () => {
  it('keeps a straight line as its two ends', () => {
    const line = Array.from({ length: 50 }, (_, i) => at(i, i * 10, i * 5));
    expect(simplifyLine(line, 1, 250)).toEqual([line[0], line[49]]);
  });

  it('keeps every point of the track within the tolerance when the budget allows', () => {
    const { points } = syntheticTrack({ distance: 5_000, gpsNoise: { sigma: 3 } });
    const simplified = simplifyLine(points, 8, 10_000);
    expect(simplified.length).toBeLessThan(points.length / 3);
    expect(simplified[0]).toBe(points[0]);
    expect(simplified[simplified.length - 1]).toBe(points[points.length - 1]);
    const worst = Math.max(...points.map((point) => distanceToLine(point, simplified)));
    expect(worst).toBeLessThanOrEqual(8.01);
  });

  it('keeps at most the budget, in the order of the track, choosing the points that stray most', () => {
    // Eastwards, 10 m a point: up a 500 m ramp and down again (peak at 300, foot at 600), flat,
    // over a 200 m bump (top at 700, 650 to 750), flat again, with 2 m wiggles on the flat.
    const northOf = (i: number) =>
      i <= 300 ? (i * 500) / 300 : i <= 600 ? ((600 - i) * 500) / 300 : i > 650 && i < 750 ? 200 - Math.abs(700 - i) * 4 : (i % 2) * 2;
    const line = Array.from({ length: 1_000 }, (_, i) => at(i, northOf(i), i * 10));
    expect(simplifyLine(line, 1, 3)).toEqual([line[0], line[300], line[999]]);
    expect(simplifyLine(line, 1, 6)).toEqual([line[0], line[300], line[600], line[700], line[750], line[999]]);
    expect(simplifyLine(line, 1, 1_000).length).toBeGreaterThan(6);
  });

  it('copes with points on top of each other and with loops that end where they start', () => {
    const loop = [at(0, 0, 0), at(1, 0, 0), at(2, 100, 0), at(3, 100, 100), at(4, 0, 100), at(5, 0, 0)];
    expect(simplifyLine(loop, 1, 250)).toEqual([loop[0], loop[2], loop[3], loop[4], loop[5]]);
  });

  it('returns short lines as they are', () => {
    const two = [at(0, 0, 0), at(1, 10, 10)];
    expect(simplifyLine(two, 8, 250)).toEqual(two);
    expect(simplifyLine([], 8, 250)).toEqual([]);
  });
});
