import type { ParsedActivity } from '../parsed-activity';
import { packActivity, unpackActivity } from './packed-activity';

describe('packActivity / unpackActivity', () => {
  const activity: ParsedActivity = {
    sport_type: 'Run',
    start_date: '2024-05-01T10:00:00.000Z',
    points: [
      { t: 1714557600000, lat: 47.5, lon: 8.5, ele: -12.25, hr: 95, cad: 171 },
      { t: 1714557601000, lat: -33.9, lon: 151.2 },
      { t: 1714557602000, lat: 0.000001, lon: -0, cad: 0 },
    ],
    file_totals: { distance: 12.34 },
    name: 'Morning',
  };

  it('gives back the same activity, with absent values still absent and keys in the same order', () => {
    const packed = packActivity(activity);
    expect(packed.points).toBeInstanceOf(Float64Array);
    expect(packed.points).toHaveLength(3 * 6);
    const unpacked = unpackActivity(packed);
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(activity));
    expect(unpacked.points[1]).toStrictEqual({ t: 1714557601000, lat: -33.9, lon: 151.2 });
    expect(Object.is(unpacked.points[2]!.lon, -0)).toBe(true);
  });

  it('leaves out a name the activity does not have', () => {
    const { name: _, ...unnamed } = activity;
    expect(unpackActivity(packActivity(unnamed))).toStrictEqual(unnamed);
  });
});
