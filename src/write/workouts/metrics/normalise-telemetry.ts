import type { TelemetryPoint } from '../telemetry-point';

const isValid = (p: TelemetryPoint): boolean =>
  Number.isFinite(p.t) &&
  Number.isFinite(p.lat) &&
  Number.isFinite(p.lon) &&
  Math.abs(p.lat) <= 90 &&
  Math.abs(p.lon) <= 180;

/** Orders undefined first, then numbers ascending (NaN last), so any two distinct points compare unequal or equal alike. */
function compareOptional(a: number | undefined, b: number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function comparePoints(a: TelemetryPoint, b: TelemetryPoint): number {
  return (
    a.t - b.t ||
    a.lat - b.lat ||
    a.lon - b.lon ||
    compareOptional(a.ele, b.ele) ||
    compareOptional(a.hr, b.hr) ||
    compareOptional(a.cad, b.cad)
  );
}

/**
 * The stream the engine measures, and the one `best_efforts` indices point into: points with a finite
 * time and an in-range position, sorted by time, one point per timestamp. When several points share a
 * timestamp the one that sorts first by (lat, lon, ele, hr, cad) is kept, so the result does not depend
 * on the order the points arrived in. O(n log n); the input is not modified.
 */
export function normaliseTelemetry(points: readonly TelemetryPoint[]): TelemetryPoint[] {
  const sorted = points.filter(isValid).sort(comparePoints);
  const out: TelemetryPoint[] = [];
  for (const p of sorted) {
    if (out.length === 0 || out[out.length - 1].t !== p.t) out.push(p);
  }
  return out;
}
