import { haversineMetres } from '../haversine';
import { syntheticTrack } from './synthetic-track';

const pathLength = (points: ReadonlyArray<{ lat: number; lon: number }>): number =>
  points.slice(1).reduce((sum, p, i) => sum + haversineMetres(points[i], p), 0);

describe('syntheticTrack', () => {
  it('lays a noise-free route whose measured length is the truth distance', () => {
    const { points, truth } = syntheticTrack({ distance: 5000, speed: 3, route: { loopLength: 1500, cornerRadius: 30 } });
    expect(truth.distance).toBe(5000);
    // 1 Hz chords cut the corners by a few parts per 100,000
    expect(Math.abs(pathLength(points) - 5000) / 5000).toBeLessThan(0.0005);
  });

  it('samples at the given interval and ends exactly at the distance', () => {
    const { points, truth } = syntheticTrack({ distance: 1000, speed: 4, sampleIntervalS: 1 });
    expect(points).toHaveLength(251); // t = 0, 1, ..., 250
    expect(points.slice(1).every((p, i) => p.t - points[i].t === 1000)).toBe(true);
    expect(truth.elapsedTime).toBe(250);
    expect(truth.movingTime).toBe(250);
  });

  it('stands still during pauses and accounts for them in the truth', () => {
    const { points, truth } = syntheticTrack({ distance: 1000, speed: 4, pauses: [{ atDistance: 500, durationS: 60 }] });
    expect(truth.pausedTime).toBe(60);
    expect(truth.elapsedTime).toBe(310);
    expect(truth.movingTime).toBe(250);
    const still = points.filter((p) => p.t - points[0].t >= 125_000 && p.t - points[0].t <= 185_000);
    expect(new Set(still.map((p) => `${p.lat},${p.lon}`)).size).toBe(1);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const options = { distance: 2000, gpsNoise: { sigma: 2, driftSigma: 2 }, elevation: { noiseSigma: 1 } };
    expect(syntheticTrack({ ...options, seed: 4 })).toEqual(syntheticTrack({ ...options, seed: 4 }));
    expect(syntheticTrack({ ...options, seed: 4 }).points).not.toEqual(syntheticTrack({ ...options, seed: 5 }).points);
  });

  it('knows the climb of its hills, including a partial last one', () => {
    // two 10 m hills per 2 km lap; 2.5 km = 2.5 hills: 20 m + the whole climb of the third (it tops out at 2.5 km)
    expect(syntheticTrack({ distance: 2500, elevation: { hillHeight: 10, hillsPerLoop: 2 } }).truth.elevationGain).toBeCloseTo(30, 9);
    expect(syntheticTrack({ distance: 2250, elevation: { hillHeight: 10, hillsPerLoop: 2 } }).truth.elevationGain).toBeCloseTo(25, 9);
  });

  it('moves exactly one point off the track for a spike', () => {
    const clean = syntheticTrack({ distance: 1000, speed: 4 }).points;
    const spiked = syntheticTrack({ distance: 1000, speed: 4, spike: { atDistance: 500, offsetM: 200 } }).points;
    const moved = spiked.map((p, i) => haversineMetres(p, clean[i])).filter((d) => d > 1e-6);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toBeCloseTo(200, 1);
  });

  it('leaves heart rate out where the strap dropped out and counts the covered time', () => {
    const { points, truth } = syntheticTrack({
      distance: 1200,
      speed: 4,
      heartRate: { resting: 60, working: 150, missingBetweenS: [100, 199.5] },
    });
    expect(points.filter((p) => p.hr === undefined)).toHaveLength(100);
    expect(truth.heartrateTime).toBe(300 - 101);
  });
});
