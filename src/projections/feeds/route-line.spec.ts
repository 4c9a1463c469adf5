import { syntheticTrack } from '../../write/workouts/metrics/testing/synthetic-track';
import { decodePolyline, encodePolyline, summaryPolylines } from './route-line';

describe('the route line of a feed item', () => {
  it("encodes Google's reference polyline", () => {
    expect(encodePolyline([{ lat: 38.5, lon: -120.2 }, { lat: 40.7, lon: -120.95 }, { lat: 43.252, lon: -126.453 }])).toBe('_p~iF~ps|U_ulLnnqC_mqNvxq`@');
    expect(decodePolyline('_p~iF~ps|U_ulLnnqC_mqNvxq`@')).toEqual([[38.5, -120.2], [40.7, -120.95], [43.252, -126.453]]);
  });

  it('simplifies a long track to a few hundred points that stay close to it', () => {
    const { points } = syntheticTrack({ distance: 10_000, gpsNoise: { sigma: 2 } });
    const [line, ...rest] = summaryPolylines(points, []);
    expect(rest).toEqual([]);
    const decoded = decodePolyline(line);
    expect(decoded.length).toBeGreaterThan(4);
    expect(decoded.length).toBeLessThanOrEqual(250);
    expect(decoded[0][0]).toBeCloseTo(points[0].lat, 4);
  });

  it('leaves privacy zones out of the line', () => {
    const { points } = syntheticTrack({ distance: 3000 });
    const home = { lat: points[0].lat, lon: points[0].lon, radius_m: 300 };
    const lines = summaryPolylines(points, [home]);
    for (const [lat, lon] of lines.flatMap(decodePolyline)) {
      const dy = (lat - home.lat) * 111_320;
      const dx = (lon - home.lon) * 111_320 * Math.cos((home.lat * Math.PI) / 180);
      expect(Math.hypot(dx, dy)).toBeGreaterThan(290);
    }
  });
});
