import type { TelemetryPoint } from '../telemetry-point';
import { normaliseTelemetry } from './normalise-telemetry';

const p = (t: number, lat = 52.5, extra: Partial<TelemetryPoint> = {}): TelemetryPoint => ({ t, lat, lon: 13.4, ...extra });

describe('normaliseTelemetry', () => {
  it('sorts points by time', () => {
    expect(normaliseTelemetry([p(3000), p(1000), p(2000)]).map((x) => x.t)).toEqual([1000, 2000, 3000]);
  });

  it('keeps one point per timestamp, the same one whatever the arrival order', () => {
    const a = p(1000, 52.5, { hr: 120 });
    const b = p(1000, 52.5001, { hr: 110 });
    const c = p(1000, 52.5, { hr: 100 });
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ];
    const results = orders.map((points) => normaliseTelemetry([p(2000), ...points]));
    expect(results[0]).toEqual([c, p(2000)]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('drops points without a finite time or with an impossible position', () => {
    const points = [p(NaN), p(1000, 91), p(2000, NaN), { t: 3000, lat: 0, lon: 181 }, p(4000)];
    expect(normaliseTelemetry(points)).toEqual([p(4000)]);
  });

  it('does not modify its input', () => {
    const points = [p(2000), p(1000)];
    normaliseTelemetry(points);
    expect(points.map((x) => x.t)).toEqual([2000, 1000]);
  });
});
