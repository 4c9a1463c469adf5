import type { PrivacyZone } from '../../write/identity/events';
import { normaliseTelemetry } from '../../write/workouts/metrics';
import type { TelemetryPoint } from '../../write/workouts/telemetry-point';
import { cutPrivacyZones } from '../../read/workouts/privacy-zones';
import { simplifyLine } from './simplify-line';

/** How far (metres) the simplified line may stray from the track. */
const TOLERANCE_M = 8;
const MAX_POINTS_PER_SEGMENT = 250;

/**
 * The route a feed shows: the track without the athlete's privacy zones, simplified to its most
 * telling points (simplify-line.ts) and encoded as Google polylines (precision 5, like Strava's
 * summary_polyline), one per segment left after the cut.
 */
export function summaryPolylines(points: readonly TelemetryPoint[], zones: readonly PrivacyZone[]): string[] {
  return cutPrivacyZones(normaliseTelemetry(points), zones)
    .filter((segment) => segment.length >= 2)
    .map((segment) => encodePolyline(simplifyLine(segment, TOLERANCE_M, MAX_POINTS_PER_SEGMENT)));
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
