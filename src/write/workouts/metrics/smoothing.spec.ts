import type { TelemetryPoint } from '../telemetry-point';
import { EARTH_MEAN_RADIUS_M, haversineDegrees } from './haversine';
import { fitQuadraticInTime, smoothInTime } from './smoothing';
import { seededRandom } from './testing/seeded-random';
import { buildTrack, type Track } from './track';

const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;
const LAT0 = 47;
const LON0 = 8;
const metresPerDegreeLon = METRES_PER_DEGREE * Math.cos((LAT0 * Math.PI) / 180);

/** A track of the given local positions (metres east and north of the origin), one per given second. */
function trackOf(samples: ReadonlyArray<[seconds: number, east: number, north: number]>): Track {
  return buildTrack(
    samples.map(([s, east, north]): TelemetryPoint => ({
      t: 1_700_000_000_000 + s * 1000,
      lat: LAT0 + north / METRES_PER_DEGREE,
      lon: LON0 + east / metresPerDegreeLon,
    })),
    100,
  );
}

/** Round and round a circle of radius r at speed v, 1 Hz, for the given seconds. */
const circle = (r: number, v: number, seconds: number): Track =>
  trackOf(Array.from({ length: seconds + 1 }, (_, s): [number, number, number] => [s, r * Math.sin((v * s) / r), r - r * Math.cos((v * s) / r)]));

describe('fitQuadraticInTime', () => {
  it('follows a runner round a 25 m bend where a mean of half the window cuts inside it', () => {
    const track = circle(25, 3.2, 120);
    const fitted = { lat: fitQuadraticInTime(track, track.lat, 4), lon: fitQuadraticInTime(track, track.lon, 4) };
    const averaged = { lat: smoothInTime(track, track.lat, 2), lon: smoothInTime(track, track.lon, 2) };
    const centre = { lat: LAT0 + 25 / METRES_PER_DEGREE, lon: LON0 };
    const radius = (p: { lat: Float64Array; lon: Float64Array }, i: number): number =>
      haversineDegrees(centre.lat, centre.lon, p.lat[i], p.lon[i]);
    for (let i = 10; i <= 110; i++) {
      expect(Math.abs(radius(fitted, i) - 25)).toBeLessThan(0.01);
      expect(radius(averaged, i)).toBeLessThan(25 - 0.2);
    }
  });

  it('reproduces a parabola exactly, also at the ends of a section and with uneven sampling', () => {
    const times = [0, 1, 2, 4, 5, 6, 7, 9, 10, 11];
    const track = trackOf(times.map((s): [number, number, number] => [s, 0, 0]));
    const values = Float64Array.from(times, (s) => 3 - 2 * s + 0.25 * s * s);
    const fitted = fitQuadraticInTime(track, values, 3);
    times.forEach((_, i) => expect(fitted[i]).toBeCloseTo(values[i], 9));
  });

  it('damps white noise about as much as a mean over half the window (variance 0.26 of it for ±4 s at 1 Hz)', () => {
    const random = seededRandom(7);
    const n = 5000;
    const track = trackOf(Array.from({ length: n }, (_, s): [number, number, number] => [s, 0, 0]));
    const noise = Float64Array.from({ length: n }, () => random.gaussian());
    const fitted = fitQuadraticInTime(track, noise, 4);
    let sum = 0;
    for (let i = 10; i < n - 10; i++) sum += fitted[i] * fitted[i];
    const variance = sum / (n - 20);
    expect(variance).toBeGreaterThan(0.22);
    expect(variance).toBeLessThan(0.3);
  });

  it('falls back to a straight line for two points in a section and keeps a lone point as it is', () => {
    // sections: [0, 1] and, after a gap, [30]
    const track = trackOf([
      [0, 0, 0],
      [1, 0, 0],
      [30, 0, 0],
    ]);
    const values = Float64Array.from([10, 12, 50]);
    expect(Array.from(fitQuadraticInTime(track, values, 4))).toEqual([10, 12, 50]);
  });
});
