import type { TelemetryPoint } from '../telemetry-point';
import { averageHeartrate, heartrateSteps, robustMaxHeartrate } from './heartrate';
import { heartrateZoneBounds, heartrateZones } from './heartrate-zones';
import { buildTrack } from './track';

/** Standing still, with the given heart rates at the given seconds. */
const trackOf = (samples: ReadonlyArray<[seconds: number, hr: number | undefined]>) =>
  buildTrack(
    samples.map(([s, hr]): TelemetryPoint => ({ t: 1_700_000_000_000 + s * 1000, lat: 47.37, lon: 8.54, hr })),
    12.5,
  );

describe('heart rate', () => {
  it('averages over time, not over samples', () => {
    // 100 bpm for 1 s (0 -> 1), then 100 -> 160 over 3 s, sampled unevenly
    const track = trackOf([
      [0, 100],
      [1, 100],
      [4, 160],
    ]);
    expect(averageHeartrate(track, heartrateSteps(track))).toBeCloseTo((100 * 1 + 130 * 3) / 4, 9);
  });

  it('leaves steps without a sample at either end, and gaps, out of the average', () => {
    const track = trackOf([
      [0, 100],
      [1, 100],
      [2, undefined],
      [3, 200],
      [4, 200],
      [60, 50],
      [61, 50],
    ]);
    // covered: 0-1 at 100, 3-4 at 200, 60-61 at 50; the 4 -> 60 step is a gap
    expect(averageHeartrate(track, heartrateSteps(track))).toBeCloseTo((100 + 200 + 50) / 3, 9);
  });

  it('treats impossible readings as missing', () => {
    const track = trackOf([
      [0, 0],
      [1, 120],
      [2, 120],
      [3, 255],
    ]);
    expect(averageHeartrate(track, heartrateSteps(track))).toBe(120);
    expect(robustMaxHeartrate(track)).toBe(120);
  });

  it('is null without heart-rate samples and the sample itself with one', () => {
    const none = trackOf([
      [0, undefined],
      [1, undefined],
    ]);
    expect(averageHeartrate(none, heartrateSteps(none))).toBeNull();
    expect(robustMaxHeartrate(none)).toBeNull();
    const one = trackOf([[0, 133]]);
    expect(averageHeartrate(one, heartrateSteps(one))).toBe(133);
    expect(robustMaxHeartrate(one)).toBe(133);
  });

  it('ignores a single-sample spike in the max but counts a sustained peak', () => {
    const spike = trackOf(Array.from({ length: 30 }, (_, s): [number, number] => [s, s === 15 ? 210 : 150]));
    expect(robustMaxHeartrate(spike)).toBe(150);
    const plateau = trackOf(Array.from({ length: 30 }, (_, s): [number, number] => [s, s >= 14 && s <= 16 ? 181 : 150]));
    expect(robustMaxHeartrate(plateau)).toBe(181);
  });

  it('derives five zones from the max heart rate, in whole bpm', () => {
    expect(heartrateZoneBounds(190)).toEqual([95, 114, 133, 152, 171, 190]);
    expect(heartrateZoneBounds(185)).toEqual([93, 111, 130, 148, 167, 185]);
  });

  it('puts each step in the zone of its mean heart rate, below zone 1 into zone 1, above max into zone 5', () => {
    const track = trackOf([
      [0, 60],
      [10, 60], // 10 s at 60: below zone 1
      [20, 120], // 10 s at 90: zone 1 (95 is the bound, 90 is below it)
      [30, 120], // 10 s at 120: zone 2 (114-133)
      [31, 200], // 1 s at 160: zone 4
      [36, 200], // 5 s at 200: above max, zone 5
    ]);
    // MAX_GAP_S is 10 s, so the 10 s steps are not gaps
    const zones = heartrateZones(track, heartrateSteps(track), 190);
    expect(zones.map((z) => z.time)).toEqual([20, 10, 0, 1, 5]);
    expect(zones[0]).toEqual({ zone: 1, min_bpm: 95, max_bpm: 114, time: 20 });
    expect(zones[4]).toEqual({ zone: 5, min_bpm: 171, max_bpm: 190, time: 5 });
  });

  it('has no zones without heart-rate samples', () => {
    const track = trackOf([
      [0, undefined],
      [1, undefined],
    ]);
    expect(heartrateZones(track, heartrateSteps(track), 190)).toEqual([]);
  });
});
