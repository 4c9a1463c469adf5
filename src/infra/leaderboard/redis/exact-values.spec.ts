import { seededRandom } from '../testing';
import { decimalText, exactValuesText, integerText, parseExactValues } from './exact-values';

describe('the exact values of a standing as text', () => {
  it('writes scores as String() does: the shortest round-trip decimal', () => {
    const random = seededRandom(42);
    const edges = [0, -0, 0.001, -0.001, 0.1, 0.2, 0.3, 0.5, -0.5, 1, -1, 1.005, 10.0004, 123.456, -999.999, 12345.6, 7_500_000, -1_000_000, 1 / 3, 2 / 3, 1e-7, 5e-324];
    const randoms = Array.from({ length: 200_000 }, (_, i) => {
      const decimals = 10 ** (i % 5);
      return Math.round((random() * 8.5e6 - 1e6) * decimals) / decimals;
    });
    for (const value of [...edges, ...randoms]) expect(decimalText(value)).toBe(String(value));
  });

  it('writes times (and any integer) as String() does', () => {
    const random = seededRandom(7);
    const values = [0, 1, 999_999, 1_000_000, 1_000_001, 1_577_836_800_000, 2_651_404_623_999, Number.MAX_SAFE_INTEGER, -5, 1.5];
    for (let i = 0; i < 100_000; i++) values.push(Math.floor(random() * 2 ** 53));
    for (const value of values) expect(integerText(value)).toBe(String(value));
  });

  it('reads back what it wrote, and nothing else', () => {
    expect(exactValuesText(12.5, 1_780_000_000_123)).toBe('12.5 1780000000123');
    expect(parseExactValues(exactValuesText(-0.001, 1_577_836_800_000))).toEqual({ score: -0.001, achievedAt: 1_577_836_800_000 });
    for (const bad of ['12.5', '12.5 x', 'x 1', '1 1.5', '']) expect(parseExactValues(bad)).toBeUndefined();
  });
});
