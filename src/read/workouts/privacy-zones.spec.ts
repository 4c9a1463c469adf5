import { cutPrivacyZones } from './privacy-zones';

const along = (i: number) => ({ t: i * 1000, lat: 52.5, lon: 13.35 + i * 0.001 });

describe('cutting privacy zones out of a track', () => {
  const track = Array.from({ length: 11 }, (_, i) => along(i));

  it('keeps the whole track when there are no zones', () => {
    expect(cutPrivacyZones(track, [])).toEqual([track]);
  });

  it('removes the points inside a zone at the start (home) and keeps the rest as one line', () => {
    const home = { lat: 52.5, lon: 13.35, radius_m: 150 };
    const [kept, ...rest] = cutPrivacyZones(track, [home]);
    expect(rest).toEqual([]);
    expect(kept[0]).toEqual(along(3));
  });

  it('splits the line where it crosses a zone, so nothing joins the points around it', () => {
    const middle = { lat: 52.5, lon: 13.355, radius_m: 100 };
    const segments = cutPrivacyZones(track, [middle]);
    expect(segments).toHaveLength(2);
    expect(segments[0][segments[0].length - 1]).toEqual(along(3));
    expect(segments[1][0]).toEqual(along(7));
  });
});
