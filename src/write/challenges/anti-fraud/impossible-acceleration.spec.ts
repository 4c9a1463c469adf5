import { assess, CLEAN_RUN, flagOf, rulesOf, track } from './testing/fraud-tracks';

const NOISE = { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 };

describe('impossible_acceleration', () => {
  it('a 20 s burst at 21 m/s in a run (a motorbike) is flagged though no 60 s window is over the speed limit', () => {
    const points = track({ distance: 5000, speed: (s) => (s >= 2000 && s < 2420 ? 21 : 3), gpsNoise: NOISE });
    const result = assess(points);
    expect(rulesOf(result)).toEqual(['impossible_acceleration']);
    const flag = flagOf(result, 'impossible_acceleration');
    expect(flag.evidence.measured).toBeGreaterThan(1.5);
    // the strongest finding is the rise to 21 m/s or the fall back from it
    expect(Math.max(Number(flag.evidence.speed_before_mps), Number(flag.evidence.speed_after_mps))).toBeGreaterThan(18);
  });

  it("a sprinter's start from standstill (0 to 10.4 m/s within 40 m) is not flagged", () => {
    const sprint = (s: number): number => (s < 100 ? Math.max(0.5, Math.min(10.4, Math.sqrt(2 * 4 * s))) : s < 150 ? 10.4 : 3);
    const points = track({ distance: 3000, speed: sprint, pauses: [{ atDistance: 0, durationS: 60 }], gpsNoise: NOISE });
    expect(assess(points).flags).toEqual([]);
  });

  it('hard braking on a bike (15 m/s to a stop in 3 s) is not flagged in a ride', () => {
    const points = track({ distance: 6000, speed: (s) => (s < 3000 ? 15 : s < 3022 ? Math.max(0.2, 15 - 5 * Math.sqrt((s - 3000) / 2.5)) : 6), pauses: [{ atDistance: 3022, durationS: 30 }], gpsNoise: NOISE });
    expect(assess(points, 'Ride').flags).toEqual([]);
  });

  it('a GPS excursion of 8 points, 60 m off the track and back, is not flagged', () => {
    const points = track({ ...CLEAN_RUN, spike: undefined });
    const from = 1500;
    const moved = points.map((p, i) => (i >= from && i < from + 8 ? { ...p, lat: p.lat + 60 / 111_195 } : p));
    expect(assess(moved).flags).toEqual([]);
  });
});
