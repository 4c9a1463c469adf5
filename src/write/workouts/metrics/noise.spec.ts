import type { TelemetryPoint } from '../telemetry-point';
import { EARTH_MEAN_RADIUS_M } from './haversine';
import { estimatePositionNoise } from './noise';
import { normaliseTelemetry } from './normalise-telemetry';
import { syntheticTrack, type SyntheticTrackOptions } from './testing/synthetic-track';
import { buildTrack } from './track';

const noiseOf = (points: readonly TelemetryPoint[]): number => estimatePositionNoise(buildTrack(normaliseTelemetry(points), 12.5));
const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;

/** A 5 km run round the default loop (25 m corners) with a 10-minute stop. */
const RUN: SyntheticTrackOptions = { distance: 5000, speed: 3.2, pauses: [{ atDistance: 2000, durationS: 600 }] };

describe('estimatePositionNoise', () => {
  it.each([0.25, 0.5, 1.5, 3])('recovers white GPS noise of sigma %f m within 10 %%', (sigma) => {
    for (const seed of [1, 2, 3]) {
      const estimate = noiseOf(syntheticTrack({ ...RUN, gpsNoise: { sigma }, seed }).points);
      expect(Math.abs(estimate - sigma) / sigma).toBeLessThan(0.1);
    }
  });

  it('barely sees slow drift, which barely inflates distance either', () => {
    const white = noiseOf(syntheticTrack({ ...RUN, gpsNoise: { sigma: 1 } }).points);
    // 3 m of drift wandering over 2 minutes moves about 0.4 m per second per axis
    const drifting = noiseOf(syntheticTrack({ ...RUN, gpsNoise: { sigma: 1, driftSigma: 3, driftCorrelationS: 120 } }).points);
    expect(Math.abs(drifting - white)).toBeLessThan(0.05);
  });

  it('is about 0 for a clean track: the median ignores the few points where the path bends', () => {
    expect(noiseOf(syntheticTrack(RUN).points)).toBeLessThan(0.01);
    const cityLoop = syntheticTrack({ distance: 3000, speed: 3.2, route: { loopLength: 400, cornerRadius: 6 } });
    expect(noiseOf(cityLoop.points)).toBeLessThan(0.01);
  });

  it('compares each point with the line between its neighbours at its own time, so uneven sampling is no noise', () => {
    // straight at 3 m/s, sampled at uneven times
    const times = [0, 1, 3, 4, 7, 8, 9, 12, 13, 15, 16, 20, 21, 22, 25];
    const points = times.map((s): TelemetryPoint => ({ t: s * 1000, lat: 47 + (3 * s) / METRES_PER_DEGREE, lon: 8 }));
    expect(noiseOf(points)).toBeLessThan(1e-6);
  });

  it('is 0 without three points in a row, and never looks across a gap', () => {
    expect(noiseOf([])).toBe(0);
    expect(noiseOf([{ t: 0, lat: 47, lon: 8 }, { t: 1000, lat: 47.0001, lon: 8 }])).toBe(0);
    // pairs of points 1 s apart, 60 s (a gap) between pairs, each pair 50 m off the line through the others
    const pairs = Array.from({ length: 20 }, (_, k) => [
      { t: k * 60_000, lat: 47 + (k % 2) * (50 / METRES_PER_DEGREE), lon: 8 + k * 1e-3 },
      { t: k * 60_000 + 1000, lat: 47 + (k % 2) * (50 / METRES_PER_DEGREE), lon: 8 + k * 1e-3 + 1e-5 },
    ]).flat();
    expect(noiseOf(pairs)).toBe(0);
  });
});
