import { computeWorkoutMetrics } from '../../workouts/metrics';
import type { SportType, TelemetryPoint } from '../../workouts/telemetry-point';
import { assessWorkout } from './assess-workout';
import { FRAUD_RULES, type WorkoutAssessment } from './fraud-flag';
import {
  assess,
  CLEAN_RUN,
  flagOf,
  lastTime,
  offset,
  ORIGIN,
  rulesOf,
  shuffledWithDuplicates,
  track,
} from './testing/fraud-tracks';

/** A straight road: a loop so long that 22 km stay on one 20 km straight and its first corner. */
const LONG_STRAIGHT = { loopLength: 60_000 } as const;

/** A run with a car ride in the middle: 3 km running, 10 min at 25 m/s (15 km), 3 km running. */
const CAR_RIDE_IN_A_RUN = {
  distance: 21_000,
  speed: (s: number) => (s >= 3000 && s < 18_000 ? 25 : 3.1),
  route: LONG_STRAIGHT,
  gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
  heartRate: { resting: 80, working: 150, noiseSigma: 2 },
  cadence: 168,
  seed: 3,
};

/** Every flag's evidence says what was measured against which threshold, in which unit. */
function expectEvidenceComplete(assessment: WorkoutAssessment): void {
  for (const flag of assessment.flags) {
    expect(flag.reason.length).toBeGreaterThan(30);
    expect(flag.evidence).toEqual(
      expect.objectContaining({
        measured: expect.anything(),
        threshold: expect.anything(),
        unit: expect.any(String),
        flagged_when: expect.any(String),
      }),
    );
    for (const value of Object.values(flag.evidence)) {
      expect(['number', 'string', 'boolean']).toContain(typeof value);
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
    if (flag.rule !== 'duplicate_track') {
      expect(flag.evidence).toEqual(expect.objectContaining({ t: expect.any(Number), index: expect.any(Number) }));
    }
  }
}

describe('assessWorkout', () => {
  describe('a clean run', () => {
    it.each([1, 2, 3, 4, 5])('seed %i: noise, pauses, a spike, realistic heart rate and cadence give no flags', (seed) => {
      const result = assess(track({ ...CLEAN_RUN, seed }));
      expect(result.flags).toEqual([]);
      expect(result.fingerprint).toMatch(/^trk1:[0-9a-f]{32}$/);
    });

    it('a single far-off spike (5 km) is dropped, not taken for a teleport', () => {
      expect(assess(track({ ...CLEAN_RUN, spike: { atDistance: 6000, offsetM: 5000 } })).flags).toEqual([]);
    });

    it('gives the same result for shuffled points with duplicate samples', () => {
      const points = track(CLEAN_RUN);
      expect(assess(shuffledWithDuplicates(points, 9))).toEqual(assess(points));
    });
  });

  describe('a run that includes a car ride (10 min at 25 m/s in the middle)', () => {
    it('with the GPS on: speed_above_sport_limit, with the car speed as evidence', () => {
      const result = assess(track(CAR_RIDE_IN_A_RUN));
      expect(rulesOf(result)).toContain('speed_above_sport_limit');
      expect(rulesOf(result)).not.toContain('gps_gap_covering_distance');
      expect(rulesOf(result)).not.toContain('position_jump');
      const flag = flagOf(result, 'speed_above_sport_limit');
      expect(flag.reason).toMatch(/faster than a run allows/);
      expect(flag.evidence.measured).toBeGreaterThan(20);
      expect(flag.evidence.measured).toBeLessThan(26);
      // the car starts 3000 m / 3.1 m/s ≈ 968 s into the workout
      expect(flag.evidence.elapsed_s).toBeGreaterThan(900);
      expect(flag.evidence.end_elapsed_s).toBeLessThan(968 + 600 + 60);
      expectEvidenceComplete(result);
    });

    it('with the GPS on: the car pulling away is also an impossible acceleration for a runner', () => {
      const flag = flagOf(assess(track(CAR_RIDE_IN_A_RUN)), 'impossible_acceleration');
      expect(flag.evidence.measured).toBeGreaterThan(1.5);
      expect(flag.evidence.threshold).toBe(1.5);
    });

    it('with the GPS off during the ride: gps_gap_covering_distance, 15 km across a 10 min gap', () => {
      const points = track(CAR_RIDE_IN_A_RUN);
      const t0 = points[0].t;
      const carFrom = t0 + 3000 / 3.1 * 1000;
      const carTo = carFrom + 600_000;
      const gpsOff = points.filter((p) => p.t < carFrom || p.t > carTo);
      const result = assess(gpsOff);
      expect(rulesOf(result)).toContain('gps_gap_covering_distance');
      expect(rulesOf(result)).not.toContain('speed_above_sport_limit');
      const flag = flagOf(result, 'gps_gap_covering_distance');
      expect(flag.evidence.distance_m).toBeGreaterThan(14_500);
      expect(flag.evidence.gap_s).toBeGreaterThan(590);
      expect(flag.evidence.measured).toBeGreaterThan(20);
      expect(flag.reason).toMatch(/^No GPS for 10 min/);
      expectEvidenceComplete(result);
    });
  });

  it('a teleport (the track continues 5 km away) → position_jump, and nothing else', () => {
    const first = track({ ...CLEAN_RUN, distance: 4000, pauses: [], spike: undefined });
    const second = track({
      ...CLEAN_RUN,
      distance: 4000,
      pauses: [],
      spike: undefined,
      seed: 2,
      route: { origin: offset(ORIGIN, 5000, 0) },
      startTime: lastTime(first) + 1000,
    });
    const result = assess([...first, ...second]);
    expect(rulesOf(result)).toEqual(['position_jump']);
    const flag = flagOf(result, 'position_jump');
    expect(flag.evidence.measured).toBeGreaterThan(4900);
    expect(flag.evidence.measured).toBeLessThan(5100);
    expect(flag.evidence.threshold).toBe(1000);
    expect(flag.evidence.index).toBe(first.length);
    expect(flag.evidence.t).toBe(second[0].t);
    expectEvidenceComplete(result);
  });

  describe('a bike ride logged as a run (8 m/s sustained, cadence 85)', () => {
    const bike = track({
      distance: 12_000,
      speed: 8,
      gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
      heartRate: { resting: 80, working: 135, noiseSigma: 2 },
      cadence: 85,
    });

    it('→ cadence_of_another_sport: pedalling, not running', () => {
      const flag = flagOf(assess(bike), 'cadence_of_another_sport');
      expect(flag.reason).toMatch(/cadence of 85 \/min: that is a bike's crank \(60-100 rpm\), not a run/);
      expect(flag.evidence.measured).toBe(85);
      expect(flag.evidence.threshold).toBe(100);
      expect(flag.evidence.speed_mps).toBeGreaterThan(7.5);
    });

    it('→ speed_above_sport_limit: 8 m/s for 20 min or 5 km is far beyond the running records', () => {
      const flag = flagOf(assess(bike), 'speed_above_sport_limit');
      expect(flag.reason).toMatch(/faster than a run allows|world record/);
      expect(Number(flag.evidence.measured)).toBeGreaterThan(0);
      expect(flag.evidence.measures_over_limit).toBeGreaterThanOrEqual(2); // the 20 min window and the 5K best effort
    });

    it('the same ride logged as a ride gives no flags', () => {
      expect(assess(bike, 'Ride').flags).toEqual([]);
    });
  });

  describe('a spliced track (two runs joined, the second one 3 km away)', () => {
    const first = track({ ...CLEAN_RUN, distance: 5000, pauses: [], spike: undefined, seed: 4 });
    const secondRun = (startTime: number): TelemetryPoint[] =>
      track({ ...CLEAN_RUN, distance: 5000, pauses: [], spike: undefined, seed: 5, route: { origin: offset(ORIGIN, 0, 3000) }, startTime });

    it('with a 2 min time gap → gps_gap_covering_distance', () => {
      const result = assess([...first, ...secondRun(lastTime(first) + 120_000)]);
      expect(rulesOf(result)).toEqual(['gps_gap_covering_distance']);
      expect(flagOf(result, 'gps_gap_covering_distance').evidence.gap_s).toBe(120);
    });

    it('joined in place, one second apart → position_jump', () => {
      const result = assess([...first, ...secondRun(lastTime(first) + 1000)]);
      expect(rulesOf(result)).toEqual(['position_jump']);
    });
  });

  describe('the same track submitted twice', () => {
    const original = track(CLEAN_RUN);
    const known = [{ fingerprint: assess(original).fingerprint, workoutId: 'w-original', athleteId: 'a-1' }];

    it('the same points, shuffled, with duplicate samples → duplicate_track naming the original', () => {
      const result = assess(shuffledWithDuplicates(original, 42), 'Run', known);
      expect(rulesOf(result)).toEqual(['duplicate_track']);
      const flag = flagOf(result, 'duplicate_track');
      expect(flag.evidence).toEqual(
        expect.objectContaining({ duplicate_of_workout_id: 'w-original', duplicate_of_athlete_id: 'a-1', measured: known[0].fingerprint }),
      );
      expect(flag.reason).toMatch(/already submitted as workout w-original by athlete a-1/);
      expectEvidenceComplete(result);
    });

    it('a genuinely different run at the same place and time of day (next day) → no duplicate flag', () => {
      const nextDay = track({ ...CLEAN_RUN, seed: 2, startTime: original[0].t + 86_400_000 });
      expect(assess(nextDay, 'Run', known).flags).toEqual([]);
    });

    it('a friend running beside the athlete (same place, same start, own GPS noise) → no duplicate flag', () => {
      const friend = track({ ...CLEAN_RUN, seed: 77 });
      expect(assess(friend, 'Run', known).flags).toEqual([]);
    });

    it('is not a duplicate of itself when its own workout id is given', () => {
      const result = assessWorkout({
        points: original,
        sport: 'Run',
        metrics: computeWorkoutMetrics(original, 'Run'),
        knownFingerprints: known,
        workoutId: 'w-original',
      });
      expect(result.flags).toEqual([]);
    });
  });

  describe('implausible heart rate', () => {
    it('a resting heart rate (about 62 bpm) at 4.5 m/s for minutes → implausible_heart_rate', () => {
      const result = assess(track({ distance: 8000, speed: 4.5, gpsNoise: { sigma: 1.5 }, heartRate: { resting: 60, working: 62, noiseSigma: 1.5 }, cadence: 180 }));
      expect(rulesOf(result)).toEqual(['implausible_heart_rate']);
      const flag = flagOf(result, 'implausible_heart_rate');
      expect(flag.reason).toMatch(/ran at 4\.5 m\/s .* average heart rate of 6\d bpm/);
      expect(flag.evidence.measured).toBeLessThan(65);
      expect(flag.evidence.threshold).toBe(100);
      expectEvidenceComplete(result);
    });

    it('a perfectly flat heart rate (a simulator) → implausible_heart_rate', () => {
      const result = assess(track({ ...CLEAN_RUN, heartRate: { resting: 148, working: 148 } }));
      expect(rulesOf(result)).toEqual(['implausible_heart_rate']);
      const flag = flagOf(result, 'implausible_heart_rate');
      expect(flag.reason).toMatch(/stayed at exactly 148 bpm/);
      expect(flag.evidence.heart_rate_bpm).toBe(148);
      expect(flag.evidence.measured).toBeGreaterThan(3000);
      expect(flag.evidence.threshold).toBe(300);
    });

    it('the flat heart rate is flagged in any sport, the resting one only in runs', () => {
      const ride = track({ distance: 20_000, speed: 8, heartRate: { resting: 120, working: 120 }, cadence: 85 });
      expect(rulesOf(assess(ride, 'Ride'))).toEqual(['implausible_heart_rate']);
      const easyRide = track({ distance: 20_000, speed: 8, heartRate: { resting: 60, working: 65, noiseSigma: 2 }, cadence: 85 });
      expect(assess(easyRide, 'Ride').flags).toEqual([]);
    });

    it('a run without heart rate is not judged on it', () => {
      expect(assess(track({ ...CLEAN_RUN, heartRate: undefined })).flags).toEqual([]);
    });
  });

  it('every flag of every rule carries the measured value, the threshold, the unit and where', () => {
    const seen = new Set<string>();
    const cases: Array<[TelemetryPoint[], SportType]> = [
      [track(CAR_RIDE_IN_A_RUN), 'Run'],
      [track({ distance: 12_000, speed: 8, cadence: 85, heartRate: { resting: 70, working: 70 } }), 'Run'],
    ];
    const first = track({ distance: 3000, gpsNoise: { sigma: 1 } });
    cases.push([[...first, ...track({ distance: 3000, seed: 2, route: { origin: offset(ORIGIN, 5000, 0) }, startTime: lastTime(first) + 1000 })], 'Run']);
    cases.push([[...first, ...track({ distance: 3000, seed: 2, route: { origin: offset(ORIGIN, 5000, 0) }, startTime: lastTime(first) + 300_000 })], 'Run']);
    const known = [{ fingerprint: assess(cases[0][0]).fingerprint, workoutId: 'w1', athleteId: 'a1' }];
    for (const [points, sport] of cases) {
      const result = assess(points, sport, known);
      expectEvidenceComplete(result);
      for (const flag of result.flags) seen.add(flag.rule);
    }
    expect([...seen].sort()).toEqual([...FRAUD_RULES].sort());
  });

  it('assesses a 20,000-point track', () => {
    const points = track({ distance: 60_000, speed: 3, gpsNoise: { sigma: 1.5 }, heartRate: { resting: 80, working: 150, noiseSigma: 2 }, cadence: 172 });
    expect(points.length).toBeGreaterThanOrEqual(20_000);
    const result = assess(points);
    expect(result.flags).toEqual([]);
    expect(result.fingerprint).toMatch(/^trk1:/);
  });

  it('gives no flags and the empty fingerprint for a workout without points', () => {
    expect(assess([])).toEqual({ flags: [], fingerprint: 'trk1:empty' });
    expect(assess([], 'Run', [{ fingerprint: 'trk1:empty', workoutId: 'w', athleteId: 'a' }]).flags).toEqual([]);
  });

  it('rejects an unknown sport', () => {
    const metrics = computeWorkoutMetrics([], 'Run');
    expect(() => assessWorkout({ points: [], sport: 'Skydive' as SportType, metrics })).toThrow(RangeError);
  });
});
