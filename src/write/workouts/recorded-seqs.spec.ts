import { RecordedSeqs } from './recorded-seqs';

describe('RecordedSeqs', () => {
  it('holds what was added, once', () => {
    const seqs = RecordedSeqs.none.with(3).with(1).with(3);
    expect([seqs.has(1), seqs.has(3), seqs.has(2), seqs.size]).toEqual([true, true, false, 2]);
  });

  it('never changes a version that was extended', () => {
    const older = RecordedSeqs.none.with(1);
    const newer = older.with(2);
    expect([older.has(2), older.size, newer.has(2), newer.size]).toEqual([false, 1, true, 2]);
  });

  it('keeps forks of an older version apart from each other and from the newest', () => {
    const base = RecordedSeqs.none.with(1);
    const tip = base.with(2);
    const fork = base.with(5);
    expect([tip.has(5), tip.has(2), fork.has(5), fork.has(2), fork.size]).toEqual([false, true, true, false, 2]);
    const forkOfFork = fork.with(6);
    expect([forkOfFork.has(1), forkOfFork.has(5), forkOfFork.has(6), tip.has(6)]).toEqual([true, true, true, false]);
  });

  it('adds in constant time: 100,000 seqs quickly', () => {
    let seqs = RecordedSeqs.none;
    for (let i = 0; i < 100_000; i++) seqs = seqs.with(i);
    expect(seqs.size).toBe(100_000);
    expect(seqs.has(99_999)).toBe(true);
  });
});
