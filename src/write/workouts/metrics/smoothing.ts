import type { Track } from './track';

/**
 * Least-squares line through a sliding window of (x, y) pairs, kept as running sums relative to a fixed
 * origin. `valueAt(x)` is the fitted line at x: for an evenly sampled window centred on x it equals the
 * window's mean, and unlike the mean it stays unbiased when the window is lopsided (a missing sample, the
 * end of a section, a stop on one side).
 */
export class RunningLinearFit {
  private count = 0;
  private sumX = 0;
  private sumY = 0;
  private sumXX = 0;
  private sumXY = 0;

  constructor(
    private readonly originX: number,
    private readonly originY: number,
  ) {}

  add(x: number, y: number): void {
    const dx = x - this.originX;
    const dy = y - this.originY;
    this.count++;
    this.sumX += dx;
    this.sumY += dy;
    this.sumXX += dx * dx;
    this.sumXY += dx * dy;
  }

  remove(x: number, y: number): void {
    const dx = x - this.originX;
    const dy = y - this.originY;
    this.count--;
    this.sumX -= dx;
    this.sumY -= dy;
    this.sumXX -= dx * dx;
    this.sumXY -= dx * dy;
  }

  /** The fitted value at x; the mean when the window's x values (nearly) coincide. */
  valueAt(x: number): number {
    const n = this.count;
    const meanX = this.sumX / n;
    const meanY = this.sumY / n;
    const sxx = this.sumXX - this.sumX * meanX;
    if (!(sxx > 1e-9 * n)) return this.originY + meanY;
    const slope = (this.sumXY - this.sumX * meanY) / sxx;
    return this.originY + meanY + slope * (x - this.originX - meanX);
  }
}

/**
 * Smooths `values` in time within each section: out[i] is the local linear fit (see `RunningLinearFit`)
 * over the points of i's section with |t[k] - t[i]| <= halfWindowS, evaluated at t[i]. Values must be
 * finite. O(n): the window's ends only move forward.
 */
export function smoothInTime(track: Track, values: Float64Array, halfWindowS: number): Float64Array {
  const { n, t, sectionEnd } = track;
  const out = new Float64Array(n);
  let start = 0;
  while (start < n) {
    const end = sectionEnd[start];
    const fit = new RunningLinearFit(t[start], values[start]);
    let lo = start;
    let hi = start - 1;
    for (let i = start; i <= end; i++) {
      while (hi < end && t[hi + 1] <= t[i] + halfWindowS) {
        hi++;
        fit.add(t[hi], values[hi]);
      }
      while (t[lo] < t[i] - halfWindowS) {
        fit.remove(t[lo], values[lo]);
        lo++;
      }
      out[i] = fit.valueAt(t[i]);
    }
    start = end + 1;
  }
  return out;
}
