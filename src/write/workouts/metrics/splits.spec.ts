import { computeWorkoutMetrics } from './index';
import { syntheticTrack, type SyntheticTrackOptions } from './testing/synthetic-track';

const RUN: SyntheticTrackOptions = {
  distance: 7_450,
  speed: (s) => (s < 3000 ? 3 : 3.6),
  elevation: { hillHeight: 20, hillsPerLoop: 1, noiseSigma: 1 },
  pauses: [{ atDistance: 2500, durationS: 60 }],
  gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
  heartRate: { resting: 100, working: 150 },
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('splits_metric', () => {
  const metrics = computeWorkoutMetrics(syntheticTrack(RUN).points, 'Run');
  const splits = metrics.splits_metric;

  it('has one split per kilometre plus the last partial one, numbered from 1', () => {
    expect(splits).toHaveLength(Math.ceil(metrics.distance / 1000));
    expect(splits.map((s) => s.split)).toEqual(splits.map((_, i) => i + 1));
    expect(splits.slice(0, -1).every((s) => s.distance === 1000)).toBe(true);
    expect(splits[splits.length - 1].distance).toBeGreaterThan(400);
    expect(splits[splits.length - 1].distance).toBeLessThan(500);
  });

  it('sum to the workout distance, elapsed time and moving time (up to output rounding)', () => {
    expect(sum(splits.map((s) => s.distance))).toBeCloseTo(metrics.distance, 0);
    expect(Math.abs(sum(splits.map((s) => s.elapsed_time)) - metrics.elapsed_time)).toBeLessThanOrEqual(splits.length / 2);
    expect(Math.abs(sum(splits.map((s) => s.moving_time)) - metrics.moving_time)).toBeLessThanOrEqual(splits.length / 2);
  });

  it('put a pause into the split it happened in: elapsed, not moving, time', () => {
    const third = splits[2]; // the pause is at 2.5 km
    expect(third.elapsed_time - third.moving_time).toBeGreaterThanOrEqual(55);
    expect(third.elapsed_time - third.moving_time).toBeLessThanOrEqual(65);
    expect(Math.abs(splits[1].elapsed_time - splits[1].moving_time)).toBeLessThanOrEqual(1);
  });

  it('report each split speed from its own distance and moving time', () => {
    expect(splits[0].average_speed).toBeCloseTo(3, 1);
    expect(splits[5].average_speed).toBeCloseTo(3.6, 1);
    for (const s of splits) expect(s.average_speed).toBeCloseTo(s.distance / s.moving_time, 1);
  });

  it('add up their elevation differences to the change from start to finish', () => {
    // one 20 m hill per 2 km lap: 7.45 km ends 3/4 of the way round the 4th lap, halfway down the hill
    expect(sum(splits.map((s) => s.elevation_difference))).toBeCloseTo(10, -1);
    expect(splits[0].elevation_difference).toBeGreaterThan(15);
    expect(splits[1].elevation_difference).toBeLessThan(-15);
  });

  it('carry a time-weighted heart rate when one was recorded', () => {
    expect(splits.every((s) => s.average_heartrate !== undefined)).toBe(true);
    expect(splits[4].average_heartrate).toBeCloseTo(150, 0);
  });

  it('merge a last partial split shorter than a metre into the one before', () => {
    const exact = computeWorkoutMetrics(syntheticTrack({ distance: 3000, speed: 3 }).points, 'Run');
    expect(exact.distance).toBeGreaterThan(2990);
    const lengths = exact.splits_metric.map((s) => s.distance);
    expect(sum(lengths)).toBeCloseTo(exact.distance, 0);
    expect(lengths.every((d) => d >= 1)).toBe(true);
  });
});
