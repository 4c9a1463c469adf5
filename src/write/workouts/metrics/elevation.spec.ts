import { elevationGain } from './elevation';

const profile = (values: number[]): Float64Array => Float64Array.from(values);

describe('elevationGain', () => {
  it('counts a steady climb in full', () => {
    expect(elevationGain(profile(Array.from({ length: 101 }, (_, i) => i * 0.5)))).toBeCloseTo(50, 9);
  });

  it('ignores wobbles smaller than the hysteresis threshold', () => {
    const wobble = Array.from({ length: 500 }, (_, i) => 100 + 1.4 * Math.sin(i / 3));
    expect(elevationGain(profile(wobble))).toBe(0);
  });

  it('counts every climb of at least the threshold from its lowest to its highest point', () => {
    // 0 -> 10 -> 4 -> 20 -> 0 -> 5
    const values = [0, 5, 10, 7, 4, 12, 20, 10, 0, 5];
    expect(elevationGain(profile(values))).toBe(10 + 16 + 5);
  });

  it('does not stop a climb at a dip shallower than the threshold', () => {
    expect(elevationGain(profile([0, 10, 8, 20]))).toBe(20);
  });

  it('does not count descents', () => {
    expect(elevationGain(profile([100, 80, 60, 40]))).toBe(0);
  });

  it('is zero for empty and single-value profiles', () => {
    expect(elevationGain(profile([]))).toBe(0);
    expect(elevationGain(profile([42]))).toBe(0);
  });
});
