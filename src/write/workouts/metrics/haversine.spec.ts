import { EARTH_MEAN_RADIUS_M, haversineMetres } from './haversine';

describe('haversineMetres', () => {
  it('measures one degree of latitude as R * pi / 180 on the WGS84 mean sphere', () => {
    expect(haversineMetres({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo((EARTH_MEAN_RADIUS_M * Math.PI) / 180, 6);
  });

  it('shrinks a degree of longitude with the cosine of the latitude', () => {
    const metres = haversineMetres({ lat: 60, lon: 10 }, { lat: 60, lon: 10.001 });
    expect(metres).toBeCloseTo(((EARTH_MEAN_RADIUS_M * Math.PI) / 180) * 0.001 * 0.5, 3);
  });

  it('is zero for the same point and symmetric', () => {
    const a = { lat: 52.5145, lon: 13.3501 };
    const b = { lat: 48.8584, lon: 2.2945 };
    expect(haversineMetres(a, a)).toBe(0);
    expect(haversineMetres(a, b)).toBe(haversineMetres(b, a));
    expect(haversineMetres(a, b)).toBeCloseTo(877_300, -3); // Tiergarten to the Eiffel Tower, about 877.3 km
  });

  it('takes the short way across the antimeridian', () => {
    expect(haversineMetres({ lat: 0, lon: 179.9995 }, { lat: 0, lon: -179.9995 })).toBeCloseTo(111.2, 1);
  });

  it('gives half the circumference for antipodes (to within a metre: haversine is ill-conditioned there), not NaN', () => {
    expect(haversineMetres({ lat: 10, lon: 20 }, { lat: -10, lon: -160 })).toBeCloseTo(Math.PI * EARTH_MEAN_RADIUS_M, 0);
  });
});
