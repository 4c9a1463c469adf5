import type { PrivacyZone } from '../../write/identity/events';
import { haversineMetres } from '../../write/workouts/metrics';
import type { TelemetryPoint } from '../../write/workouts/telemetry-point';

/**
 * Removes every point inside one of the zones and splits the track where points were removed,
 * so no line crosses a zone (a line joining the points around it would still reveal it).
 */
export function cutPrivacyZones(points: readonly TelemetryPoint[], zones: readonly PrivacyZone[]): TelemetryPoint[][] {
  if (zones.length === 0) return points.length > 0 ? [[...points]] : [];
  const segments: TelemetryPoint[][] = [];
  let segment: TelemetryPoint[] = [];
  for (const point of points) {
    if (zones.some((zone) => haversineMetres(zone, point) <= zone.radius_m)) {
      if (segment.length > 0) segments.push(segment);
      segment = [];
    } else {
      segment.push(point);
    }
  }
  if (segment.length > 0) segments.push(segment);
  return segments;
}
