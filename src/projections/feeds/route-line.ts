import type { PrivacyZone } from '../../write/identity/events';
import { haversineMetres, normaliseTelemetry } from '../../write/workouts/metrics';
import type { TelemetryPoint } from '../../write/workouts/telemetry-point';
import { cutPrivacyZones } from '../../read/workouts/privacy-zones';

/** How far (metres) the simplified line may stray from the track. */
const TOLERANCE_M = 8;
const MAX_POINTS_PER_SEGMENT = 250;

/**
 * The route a feed shows: the track without the athlete's privacy zones, simplified
 * (Douglas-Peucker) and encoded as Google polylines (precision 5, like Strava's summary_polyline),
 * one per segment left after the cut.
 */
export function summaryPolylines(points: readonly TelemetryPoint[], zones: readonly PrivacyZone[]): string[] {
  return cutPrivacyZones(normaliseTelemetry(points), zones)
    .filter((segment) => segment.length >= 2)
    .map((segment) => encodePolyline(simplify(segment, TOLERANCE_M, MAX_POINTS_PER_SEGMENT)));
}

/** Douglas-Peucker, iterative; the tolerance grows until the line has at most `maxPoints`. */
export function simplify(points: readonly TelemetryPoint[], toleranceM: number, maxPoints: number): TelemetryPoint[] {
  let tolerance = toleranceM;
  for (;;) {
    const kept = douglasPeucker(points, tolerance);
    if (kept.length <= maxPoints) return kept;
    tolerance *= 2;
  }
}

function douglasPeucker(points: readonly TelemetryPoint[], toleranceM: number): TelemetryPoint[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let farthest = -1;
    let distance = toleranceM;
    for (let i = first + 1; i < last; i++) {
      const d = crossTrackMetres(points[i], points[first], points[last]);
      if (d > distance) {
        distance = d;
        farthest = i;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Distance from p to the segment a–b, on a local flat projection (fine at route scale). */
function crossTrackMetres(p: TelemetryPoint, a: TelemetryPoint, b: TelemetryPoint): number {
  const metresPerDegreeLat = 111_320;
  const metresPerDegreeLon = metresPerDegreeLat * Math.cos((a.lat * Math.PI) / 180);
  const bx = (b.lon - a.lon) * metresPerDegreeLon;
  const by = (b.lat - a.lat) * metresPerDegreeLat;
  const px = (p.lon - a.lon) * metresPerDegreeLon;
  const py = (p.lat - a.lat) * metresPerDegreeLat;
  const lengthSquared = bx * bx + by * by;
  if (lengthSquared === 0) return haversineMetres(p, a);
  const u = Math.max(0, Math.min(1, (px * bx + py * by) / lengthSquared));
  return Math.hypot(px - u * bx, py - u * by);
}

/** Google's encoded polyline algorithm, precision 1e-5. */
export function encodePolyline(points: ReadonlyArray<{ lat: number; lon: number }>): string {
  let output = '';
  let previousLat = 0;
  let previousLon = 0;
  for (const point of points) {
    const lat = Math.round(point.lat * 1e5);
    const lon = Math.round(point.lon * 1e5);
    output += encodeSigned(lat - previousLat) + encodeSigned(lon - previousLon);
    previousLat = lat;
    previousLon = lon;
  }
  return output;
}

function encodeSigned(value: number): string {
  let rest = value < 0 ? ~(value << 1) : value << 1;
  let output = '';
  while (rest >= 0x20) {
    output += String.fromCharCode((0x20 | (rest & 0x1f)) + 63);
    rest >>= 5;
  }
  return output + String.fromCharCode(rest + 63);
}

export function decodePolyline(encoded: string): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  let index = 0;
  let lat = 0;
  let lon = 0;
  const next = () => {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = encoded.charCodeAt(index++) - 63;
      result |= (byte & 0x1f) << shift;
      shift += 5;
    } while (byte >= 0x20);
    return result & 1 ? ~(result >> 1) : result >> 1;
  };
  while (index < encoded.length) {
    lat += next();
    lon += next();
    points.push([lat / 1e5, lon / 1e5]);
  }
  return points;
}
