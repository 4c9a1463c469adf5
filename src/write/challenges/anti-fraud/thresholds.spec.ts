import { SPORT_TYPES } from '../../workouts/telemetry-point';
import { BEST_EFFORT_DISTANCES } from '../../workouts/metrics';
import { RECORD_MARGIN, RUNNING_RECORDS, SPORT_FRAUD_LIMITS, sustainedSpeedLimit } from './thresholds';

describe('anti-fraud thresholds', () => {
  it('has limits for every sport', () => {
    for (const sport of SPORT_TYPES) expect(SPORT_FRAUD_LIMITS[sport]).toBeDefined();
  });

  it('interpolates the speed windows in log(duration) and holds them flat outside', () => {
    const run = SPORT_FRAUD_LIMITS.Run;
    expect(sustainedSpeedLimit(run, 10)).toBe(10);
    expect(sustainedSpeedLimit(run, 60)).toBe(10);
    expect(sustainedSpeedLimit(run, 300)).toBeCloseTo(8.1, 10);
    expect(sustainedSpeedLimit(run, Math.sqrt(60 * 300))).toBeCloseTo(9.05, 10);
    expect(sustainedSpeedLimit(run, 86_400)).toBe(7.1);
    expect(sustainedSpeedLimit(SPORT_FRAUD_LIMITS.Workout, 60)).toBe(Infinity);
  });

  it('puts the running speed limits 14-22 % above world-record pace at every record distance', () => {
    for (const record of RUNNING_RECORDS) {
      const distance = BEST_EFFORT_DISTANCES.find((d) => d.name === record.name)?.distance ?? NaN;
      const ratio = sustainedSpeedLimit(SPORT_FRAUD_LIMITS.Run, record.recordS) / (distance / record.recordS);
      expect(ratio).toBeGreaterThan(1.14);
      expect(ratio).toBeLessThan(1.22);
    }
    expect(RECORD_MARGIN).toBe(1.15);
  });

  it('gives every sport with speed limits shorter windows a higher limit', () => {
    for (const sport of SPORT_TYPES) {
      const windows = SPORT_FRAUD_LIMITS[sport].speedWindows;
      for (let k = 1; k < windows.length; k++) {
        expect(windows[k].windowS).toBeGreaterThan(windows[k - 1].windowS);
        expect(windows[k].maxSpeed).toBeLessThan(windows[k - 1].maxSpeed);
      }
    }
  });
});
