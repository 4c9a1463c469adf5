import { CommitDurations } from './commit-durations';

describe('commit durations', () => {
  it('counts each commit in the first bucket that holds it, cumulatively, with the sum and the count', () => {
    const durations = new CommitDurations();
    for (const seconds of [0.0004, 0.0005, 0.003, 0.2, 7]) durations.record(seconds);
    const { buckets, count, sumSeconds } = durations.snapshot();
    expect(count).toBe(5);
    expect(sumSeconds).toBeCloseTo(7.2039, 6);
    expect(Object.fromEntries(buckets.map(({ le, count }) => [le, count]))).toEqual({
      0.0005: 2,
      0.001: 2,
      0.0025: 2,
      0.005: 3,
      0.01: 3,
      0.025: 3,
      0.05: 3,
      0.1: 3,
      0.25: 4,
      0.5: 4,
      1: 4,
      2.5: 4,
    });
  });

  it('is the same counts on every thread that shares its memory', () => {
    const writerSide = new CommitDurations();
    const readerSide = new CommitDurations(writerSide.buffer);
    writerSide.record(0.002);
    expect(readerSide.snapshot().count).toBe(1);
  });
});
