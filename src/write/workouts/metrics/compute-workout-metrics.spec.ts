import type { TelemetryPoint } from '../telemetry-point';
import { EARTH_MEAN_RADIUS_M } from './haversine';
import { computeWorkoutMetrics } from './index';
import { seededRandom } from './testing/seeded-random';
import { syntheticTrack, type SyntheticTrackOptions } from './testing/synthetic-track';
import type { WorkoutMetrics } from './workout-metrics';

/** A 10 km run with everything that makes measuring hard: noise, pauses, a spike, hills, heart rate. */
const HARD_RUN: SyntheticTrackOptions = {
  distance: 10_000,
  speed: (s) => 3.2 + 0.3 * Math.sin(s / 700),
  elevation: { hillHeight: 15, hillsPerLoop: 2, noiseSigma: 1 },
  pauses: [
    { atDistance: 0, durationS: 30 },
    { atDistance: 3300, durationS: 90 },
    { atDistance: 7100, durationS: 60 },
  ],
  gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
  spike: { atDistance: 5000, offsetM: 150 },
  heartRate: { resting: 90, working: 155, noiseSigma: 2 },
};

const relativeError = (measured: number, truth: number): number => Math.abs(measured - truth) / truth;

/** Every number anywhere in the result, with its path. */
function numbersIn(value: unknown, path = ''): Array<[string, number]> {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  }
  return [];
}
const expectAllFinite = (metrics: WorkoutMetrics): void => {
  expect(numbersIn(metrics).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
};

const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;
const T0 = Date.UTC(2024, 5, 1, 6, 0, 0);

describe('computeWorkoutMetrics', () => {
  describe('accuracy against a synthetic run with GPS noise, pauses, a spike and elevation noise', () => {
    it.each([1, 2, 3, 4, 5])('seed %i: distance within 0.5 %%, elevation gain within 5 %%, moving time within 2 %%', (seed) => {
      const { points, truth } = syntheticTrack({ ...HARD_RUN, seed });
      const metrics = computeWorkoutMetrics(points, 'Run');
      expect(relativeError(metrics.distance, truth.distance)).toBeLessThan(0.005);
      expect(relativeError(metrics.total_elevation_gain, truth.elevationGain)).toBeLessThan(0.05);
      expect(relativeError(metrics.moving_time, truth.movingTime)).toBeLessThan(0.02);
      expect(metrics.elapsed_time).toBe(Math.round(truth.elapsedTime));
    });

    it.each([
      ['no noise', undefined],
      ['the low noise of a watch that filters its fixes', { sigma: 0.2, driftSigma: 1, driftCorrelationS: 120 }],
    ] as const)('follows the 6 m corners of a tight city loop with %s: distance within 0.5 %%', (_name, gpsNoise) => {
      for (const seed of [1, 2, 3]) {
        const { points, truth } = syntheticTrack({ distance: 8000, speed: 3.2, route: { loopLength: 800, cornerRadius: 6 }, gpsNoise, seed });
        expect(relativeError(computeWorkoutMetrics(points, 'Run').distance, truth.distance)).toBeLessThan(0.005);
      }
    });

    it('reports consistent speeds and heart rates', () => {
      const { points, truth } = syntheticTrack(HARD_RUN);
      const metrics = computeWorkoutMetrics(points, 'Run');
      expect(metrics.average_speed).toBeCloseTo(metrics.distance / metrics.moving_time, 2);
      expect(relativeError(metrics.average_speed, truth.distance / truth.movingTime)).toBeLessThan(0.025);
      expect(metrics.max_speed).toBeGreaterThan(3.4);
      expect(metrics.max_speed).toBeLessThan(3.5 * 1.2);
      expect(metrics.average_heartrate).toBeGreaterThan(140);
      expect(metrics.average_heartrate).toBeLessThan(155);
      expect(metrics.max_heartrate).toBeGreaterThanOrEqual(155);
      expect(metrics.max_heartrate).toBeLessThan(162);
    });
  });

  describe('GPS artefacts', () => {
    it('drops a single far-off point: the spike changes distance by under a metre and max speed not at all', () => {
      const base: SyntheticTrackOptions = { distance: 6000, speed: 3.5, gpsNoise: { sigma: 1.5 }, seed: 11 };
      const clean = computeWorkoutMetrics(syntheticTrack(base).points, 'Run');
      const spiked = computeWorkoutMetrics(syntheticTrack({ ...base, spike: { atDistance: 3000, offsetM: 300 } }).points, 'Run');
      expect(Math.abs(spiked.distance - clean.distance)).toBeLessThan(1);
      expect(spiked.max_speed).toBeCloseTo(clean.max_speed, 1);
    });

    it('does not accumulate distance or moving time on a device left standing for 20 minutes', () => {
      const { points } = syntheticTrack({
        distance: 0,
        pauses: [{ atDistance: 0, durationS: 1200 }],
        gpsNoise: { sigma: 2, driftSigma: 3, driftCorrelationS: 120 },
        heartRate: { resting: 70, working: 70 },
      });
      for (const sport of ['Run', 'Walk', 'Ride'] as const) {
        const metrics = computeWorkoutMetrics(points, sport);
        expect(metrics.elapsed_time).toBe(1200);
        expect(metrics.distance).toBe(0);
        expect(metrics.moving_time).toBe(0);
        expect(metrics.splits_metric).toEqual([]);
      }
    });

    it('counts a gap without points (an auto-pause) as stopped when the device has not moved across it', () => {
      const { points } = syntheticTrack({ distance: 4000, speed: 3, gpsNoise: { sigma: 1 }, seed: 3 });
      const whole = computeWorkoutMetrics(points, 'Run');
      // 300 s with no points, at the spot where the athlete was: everything after it is 300 s later
      const paused = [...points.slice(0, 601), ...points.slice(601).map((p) => ({ ...p, t: p.t + 300_000 }))];
      const metrics = computeWorkoutMetrics(paused, 'Run');
      expect(metrics.elapsed_time).toBe(whole.elapsed_time + 300);
      expect(Math.abs(metrics.moving_time - whole.moving_time)).toBeLessThanOrEqual(2);
      expect(Math.abs(metrics.distance - whole.distance)).toBeLessThan(5);
    });

    it('adds nothing for how far the fix moved across a stopped gap (e.g. re-acquired 40 m away after a 20-minute pause)', () => {
      const north = (s: number, metres: number): TelemetryPoint => ({ t: T0 + s * 1000, lat: 46 + metres / METRES_PER_DEGREE, lon: 7 });
      const points = [
        ...Array.from({ length: 300 }, (_, s) => north(s, 3 * s)),
        ...Array.from({ length: 300 }, (_, s) => north(1500 + s, 3 * 299 + 40 + 3 * s)),
      ];
      const metrics = computeWorkoutMetrics(points, 'Run');
      expect(metrics.elapsed_time).toBe(1799);
      expect(metrics.moving_time).toBe(598);
      expect(metrics.distance).toBeCloseTo(2 * 3 * 299, 0);
    });

    it('counts a gap without points as moving when the distance across it implies motion', () => {
      const { points } = syntheticTrack({ distance: 4000, speed: 3, gpsNoise: { sigma: 1 }, seed: 3 });
      const whole = computeWorkoutMetrics(points, 'Run');
      // a 61 s hole in the recording (tunnel) while running on: 183 m in 61 s
      const holed = points.filter((_, i) => i <= 600 || i > 660);
      const metrics = computeWorkoutMetrics(holed, 'Run');
      expect(metrics.elapsed_time).toBe(whole.elapsed_time);
      expect(Math.abs(metrics.moving_time - whole.moving_time)).toBeLessThanOrEqual(2);
      expect(metrics.distance).toBeLessThanOrEqual(whole.distance); // the straight line across the hole
      expect(metrics.distance).toBeGreaterThan(whole.distance - 20);
    });

    it('counts sparse ("smart") recording, one point every 15 s, as moving', () => {
      const { points, truth } = syntheticTrack({ distance: 5000, speed: 3, sampleIntervalS: 15, gpsNoise: { sigma: 1 } });
      const metrics = computeWorkoutMetrics(points, 'Run');
      expect(relativeError(metrics.moving_time, truth.movingTime)).toBeLessThan(0.01);
      expect(relativeError(metrics.distance, truth.distance)).toBeLessThan(0.01);
    });

    it('keeps distance but not max speed across a relocation that never comes back', () => {
      const north = (s: number, metres: number): TelemetryPoint => ({
        t: T0 + s * 1000,
        lat: 46 + metres / METRES_PER_DEGREE,
        lon: 7,
      });
      const points = [
        ...Array.from({ length: 300 }, (_, s) => north(s, 3 * s)),
        ...Array.from({ length: 300 }, (_, s) => north(300 + s, 3 * (300 + s) + 2000)),
      ];
      const metrics = computeWorkoutMetrics(points, 'Run');
      expect(metrics.distance).toBeCloseTo(3 * 599 + 2000, -1);
      expect(metrics.max_speed).toBeCloseTo(3, 1);
    });
  });

  describe('input handling', () => {
    it('gives the same result for shuffled input with exact duplicates', () => {
      const { points } = syntheticTrack({ ...HARD_RUN, distance: 3000 });
      const random = seededRandom(99);
      const messy = [...points, ...points.filter(() => random.uniform() < 0.1).map((p) => ({ ...p }))];
      for (let i = messy.length - 1; i > 0; i--) {
        const j = Math.floor(random.uniform() * (i + 1));
        [messy[i], messy[j]] = [messy[j], messy[i]];
      }
      expect(computeWorkoutMetrics(messy, 'Run')).toEqual(computeWorkoutMetrics(points, 'Run'));
    });

    it('gives the same result whatever the order when duplicate timestamps carry different readings', () => {
      const { points } = syntheticTrack({ ...HARD_RUN, distance: 3000 });
      const conflicting = points.filter((_, i) => i % 7 === 0).map((p) => ({ ...p, lat: p.lat + 1e-5, hr: 99 }));
      const all = [...points, ...conflicting];
      const results = [all, [...all].reverse(), [...conflicting, ...points]].map((order) => computeWorkoutMetrics(order, 'Run'));
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    });

    it('gives zeros, not NaN, for no points', () => {
      expect(computeWorkoutMetrics([], 'Run')).toEqual({
        distance: 0,
        elapsed_time: 0,
        moving_time: 0,
        total_elevation_gain: 0,
        average_speed: 0,
        max_speed: 0,
        average_heartrate: null,
        max_heartrate: null,
        splits_metric: [],
        best_efforts: [],
        heartrate_zones: [],
      });
    });

    it('gives zeros, not NaN, for a single point', () => {
      const metrics = computeWorkoutMetrics([{ t: T0, lat: 46, lon: 7, ele: 500, hr: 120 }], 'Ride');
      expectAllFinite(metrics);
      expect(metrics).toMatchObject({ distance: 0, elapsed_time: 0, moving_time: 0, total_elevation_gain: 0 });
      expect(metrics).toMatchObject({ average_speed: 0, max_speed: 0, average_heartrate: 120, max_heartrate: 120 });
      expect(metrics.heartrate_zones.map((z) => z.time)).toEqual([0, 0, 0, 0, 0]);
    });

    it('has null heart rates and no zones when no point has a heart rate', () => {
      const metrics = computeWorkoutMetrics(syntheticTrack({ distance: 2000 }).points, 'Run');
      expect(metrics.average_heartrate).toBeNull();
      expect(metrics.max_heartrate).toBeNull();
      expect(metrics.heartrate_zones).toEqual([]);
      expect(metrics.splits_metric.every((split) => !('average_heartrate' in split))).toBe(true);
    });

    it('has no elevation gain when no point has an elevation', () => {
      const metrics = computeWorkoutMetrics(syntheticTrack({ distance: 2000, elevation: false }).points, 'Run');
      expect(metrics.total_elevation_gain).toBe(0);
      expect(metrics.splits_metric.every((split) => split.elevation_difference === 0)).toBe(true);
    });

    it('computes a 10,000-point workout', () => {
      const { points, truth } = syntheticTrack({ ...HARD_RUN, distance: 30_000, speed: 3, pauses: [] });
      expect(points.length).toBeGreaterThanOrEqual(10_000);
      const metrics = computeWorkoutMetrics(points, 'Run');
      expectAllFinite(metrics);
      expect(relativeError(metrics.distance, truth.distance)).toBeLessThan(0.005);
      expect(metrics.splits_metric).toHaveLength(Math.floor(metrics.distance / 1000) + (metrics.distance % 1000 >= 1 ? 1 : 0));
      expect(metrics.best_efforts.map((e) => e.name)).toEqual(['400m', '1K', '1 mile', '5K', '10K', 'Half-Marathon']);
    });

    it('rejects an unknown sport and a max heart rate that is not a positive number', () => {
      const points = syntheticTrack({ distance: 100 }).points;
      expect(() => computeWorkoutMetrics(points, 'Curling' as never)).toThrow(RangeError);
      expect(() => computeWorkoutMetrics(points, 'Run', { maxHeartrate: 0 })).toThrow(RangeError);
      expect(() => computeWorkoutMetrics(points, 'Run', { maxHeartrate: NaN })).toThrow(RangeError);
    });
  });

  describe('heart-rate zones', () => {
    it('add up to the time covered by heart-rate samples', () => {
      const { points, truth } = syntheticTrack({
        ...HARD_RUN,
        heartRate: { ...HARD_RUN.heartRate!, missingBetweenS: [600, 900] },
      });
      const metrics = computeWorkoutMetrics(points, 'Run');
      const total = metrics.heartrate_zones.reduce((sum, zone) => sum + zone.time, 0);
      expect(truth.heartrateTime).toBeLessThan(truth.elapsedTime - 290);
      expect(Math.abs(total - truth.heartrateTime)).toBeLessThanOrEqual(2.5); // five zones rounded to 1 s
    });

    it('use the athlete max heart rate, or 190 bpm by default', () => {
      const { points } = syntheticTrack({ distance: 1000, heartRate: { resting: 80, working: 150 } });
      expect(computeWorkoutMetrics(points, 'Run').heartrate_zones.map((z) => z.min_bpm)).toEqual([95, 114, 133, 152, 171]);
      const zones = computeWorkoutMetrics(points, 'Run', { maxHeartrate: 200 }).heartrate_zones;
      expect(zones.map((z) => [z.min_bpm, z.max_bpm])).toEqual([
        [100, 120],
        [120, 140],
        [140, 160],
        [160, 180],
        [180, 200],
      ]);
    });
  });
});
