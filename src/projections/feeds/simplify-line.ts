import type { TelemetryPoint } from '../../write/workouts/telemetry-point';

const METRES_PER_DEGREE_LAT = 111_320;

/** A stretch of the line between two kept points, and its point farthest from the chord between them. */
interface Stretch {
  first: number;
  last: number;
  farthest: number;
  distance: number;
}

/**
 * Douglas-Peucker, worst stretch first: keeps splitting the stretch whose farthest point strays
 * most from its chord, until every stretch is within `toleranceM` or `maxPoints` points are kept.
 * So the line has the `maxPoints` points that tell most about its shape, in one pass: running
 * plain Douglas-Peucker again with a doubled tolerance until few enough points are left took a
 * third of the event loop's time for a 100,000-point import (docs/benchmarks.md). Distances are
 * on a flat projection around the line's mean latitude, which is close enough at route scale.
 */
export function simplifyLine(points: readonly TelemetryPoint[], toleranceM: number, maxPoints: number): TelemetryPoint[] {
  if (points.length <= 2 || maxPoints <= 2) return points.length <= 2 ? [...points] : [points[0], points[points.length - 1]];
  const { xs, ys } = project(points);
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  let kept = 2;
  const worstFirst = new StretchHeap();
  worstFirst.push(farthestPoint(xs, ys, 0, points.length - 1));
  while (kept < maxPoints) {
    const stretch = worstFirst.pop();
    if (stretch === undefined || stretch.distance <= toleranceM) break;
    keep[stretch.farthest] = 1;
    kept++;
    worstFirst.push(farthestPoint(xs, ys, stretch.first, stretch.farthest));
    worstFirst.push(farthestPoint(xs, ys, stretch.farthest, stretch.last));
  }
  return points.filter((_, i) => keep[i] === 1);
}

function project(points: readonly TelemetryPoint[]): { xs: Float64Array; ys: Float64Array } {
  let latSum = 0;
  for (const point of points) latSum += point.lat;
  const metresPerDegreeLon = METRES_PER_DEGREE_LAT * Math.cos(((latSum / points.length) * Math.PI) / 180);
  const xs = new Float64Array(points.length);
  const ys = new Float64Array(points.length);
  points.forEach((point, i) => {
    xs[i] = point.lon * metresPerDegreeLon;
    ys[i] = point.lat * METRES_PER_DEGREE_LAT;
  });
  return { xs, ys };
}

/** The point strictly between `first` and `last` farthest from the segment first–last (distance -1 when there is none). */
function farthestPoint(xs: Float64Array, ys: Float64Array, first: number, last: number): Stretch {
  const ax = xs[first];
  const ay = ys[first];
  const bx = xs[last] - ax;
  const by = ys[last] - ay;
  const lengthSquared = bx * bx + by * by;
  let farthest = -1;
  let farthestSquared = -1;
  for (let i = first + 1; i < last; i++) {
    const px = xs[i] - ax;
    const py = ys[i] - ay;
    const u = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / lengthSquared));
    const dx = px - u * bx;
    const dy = py - u * by;
    const squared = dx * dx + dy * dy;
    if (squared > farthestSquared) {
      farthestSquared = squared;
      farthest = i;
    }
  }
  return { first, last, farthest, distance: farthest < 0 ? -1 : Math.sqrt(farthestSquared) };
}

/** A binary max-heap of stretches by distance. */
class StretchHeap {
  private readonly items: Stretch[] = [];

  push(stretch: Stretch): void {
    if (stretch.farthest < 0) return;
    const items = this.items;
    let i = items.push(stretch) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].distance >= stretch.distance) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = stretch;
  }

  pop(): Stretch | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const larger = right < items.length && items[right].distance > items[left].distance ? right : left;
      if (items[larger].distance <= last.distance) break;
      items[i] = items[larger];
      i = larger;
    }
    items[i] = last;
    return top;
  }
}
