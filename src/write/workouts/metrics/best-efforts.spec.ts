import { computeWorkoutMetrics, normaliseTelemetry } from './index';
import { syntheticTrack } from './testing/synthetic-track';

const FOUR_MIN_PER_KM = 1000 / 240;

describe('best_efforts', () => {
  describe('on a steady 4:00/km 12 km run', () => {
    const { points } = syntheticTrack({ distance: 12_000, speed: FOUR_MIN_PER_KM });
    const efforts = computeWorkoutMetrics(points, 'Run').best_efforts;
    const time = (name: string): number | undefined => efforts.find((e) => e.name === name)?.elapsed_time;

    it('finds 1K in about 240 s, 5K in about 1200 s, 10K in about 2400 s', () => {
      expect(time('1K')).toBeGreaterThanOrEqual(238);
      expect(time('1K')).toBeLessThanOrEqual(242);
      expect(time('5K')).toBeGreaterThanOrEqual(1194);
      expect(time('5K')).toBeLessThanOrEqual(1206);
      expect(time('10K')).toBeGreaterThanOrEqual(2388);
      expect(time('10K')).toBeLessThanOrEqual(2412);
      expect(time('400m')).toBeCloseTo(96, -1);
      expect(time('1 mile')).toBeCloseTo(1609.344 * 0.24, -1);
    });

    it('lists only the distances the workout contains, shortest first', () => {
      expect(efforts.map((e) => e.name)).toEqual(['400m', '1K', '1 mile', '5K', '10K']);
      expect(efforts.map((e) => e.distance)).toEqual([400, 1000, 1609.344, 5000, 10000]);
    });
  });

  it('stay close to the truth with GPS noise (which can only make them look a little faster)', () => {
    const { points } = syntheticTrack({
      distance: 12_000,
      speed: FOUR_MIN_PER_KM,
      gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
      seed: 5,
    });
    const efforts = computeWorkoutMetrics(points, 'Run').best_efforts;
    const byName = new Map(efforts.map((e) => [e.name, e.elapsed_time]));
    expect(Math.abs(byName.get('1K')! - 240) / 240).toBeLessThan(0.025);
    expect(Math.abs(byName.get('5K')! - 1200) / 1200).toBeLessThan(0.01);
    expect(Math.abs(byName.get('10K')! - 2400) / 2400).toBeLessThan(0.01);
  });

  it('find the fastest stretch, not the first one, and index it in the time-ordered stream', () => {
    // 3 km easy at 5:00/km, then 1 km at 3:20/km, then 1 km easy, with a pause in the middle of the easy start
    const { points } = syntheticTrack({
      distance: 5_000,
      speed: (s) => (s >= 3000 && s < 4000 ? 5 : 10 / 3),
      pauses: [{ atDistance: 1000, durationS: 120 }],
      gpsNoise: { sigma: 1 },
    });
    const stream = normaliseTelemetry([...points].reverse());
    const oneK = computeWorkoutMetrics([...points].reverse(), 'Run').best_efforts.find((e) => e.name === '1K')!;
    expect(oneK.elapsed_time).toBeGreaterThanOrEqual(198);
    expect(oneK.elapsed_time).toBeLessThanOrEqual(202);
    const start = stream[oneK.start_index];
    const end = stream[oneK.end_index];
    // the start is a real point at (about) the 3 km mark: 120 s paused + 3000 m at 3.33 m/s = 1020 s in
    expect((start.t - stream[0].t) / 1000).toBeGreaterThan(1015);
    expect((start.t - stream[0].t) / 1000).toBeLessThan(1025);
    expect((end.t - start.t) / 1000).toBeGreaterThanOrEqual(oneK.elapsed_time - 1);
    expect((end.t - start.t) / 1000).toBeLessThanOrEqual(oneK.elapsed_time + 2);
  });

  it('count pauses inside an effort: best efforts are elapsed time', () => {
    const { points } = syntheticTrack({ distance: 1_200, speed: 4, pauses: [{ atDistance: 600, durationS: 30 }] });
    const oneK = computeWorkoutMetrics(points, 'Run').best_efforts.find((e) => e.name === '1K')!;
    expect(oneK.elapsed_time).toBeGreaterThanOrEqual(279);
    expect(oneK.elapsed_time).toBeLessThanOrEqual(282);
  });

  it('never span an impossible jump (a relocation the track does not come back from)', () => {
    const { points } = syntheticTrack({ distance: 3_000, speed: 3, route: { loopLength: 10_000 } });
    // from 1500 m on, the recording is shifted 2 km north: a 2 km jump within one second
    const shifted = points.map((p, i) => (i > 500 ? { ...p, lat: p.lat + 2000 / 111_195 } : p));
    const metrics = computeWorkoutMetrics(shifted, 'Run');
    expect(metrics.distance).toBeGreaterThan(4_900);
    for (const effort of metrics.best_efforts) {
      expect(effort.distance / effort.elapsed_time).toBeLessThan(3.2);
      expect(effort.start_index >= 501 || effort.end_index <= 500).toBe(true);
    }
    expect(metrics.best_efforts.map((e) => e.name)).toEqual(['400m', '1K']); // 1.5 km either side: no mile without the jump
  });

  it('are empty when the workout is shorter than 400 m', () => {
    expect(computeWorkoutMetrics(syntheticTrack({ distance: 390 }).points, 'Run').best_efforts).toEqual([]);
  });
});
