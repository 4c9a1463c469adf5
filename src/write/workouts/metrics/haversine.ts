/** Mean radius of the WGS84 ellipsoid (IUGG R1 = (2a + b) / 3), metres. */
export const EARTH_MEAN_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

export interface LatLon {
  /** Degrees. */
  lat: number;
  /** Degrees. */
  lon: number;
}

/** Great-circle distance in metres between two positions, by the haversine formula on a sphere of radius 6,371,008.8 m. */
export function haversineMetres(a: LatLon, b: LatLon): number {
  return haversineDegrees(a.lat, a.lon, b.lat, b.lon);
}

/** `haversineMetres` on bare numbers (degrees), for the engine's hot loops. */
export function haversineDegrees(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sinHalfDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinHalfDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinHalfDLat * sinHalfDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinHalfDLon * sinHalfDLon;
  return 2 * EARTH_MEAN_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, h)));
}
