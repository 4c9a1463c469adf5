import { describeLeaderboardsContract } from '../leaderboards.contract';
import { MemoryLeaderboards } from './memory-leaderboards';

describeLeaderboardsContract('memory', async () => new MemoryLeaderboards());

describe('MemoryLeaderboards', () => {
  it('keeps separate instances apart and refuses calls once closed', async () => {
    const [one, other] = [new MemoryLeaderboards(), new MemoryLeaderboards()];
    await one.setScore('b', 'u', 1, Date.UTC(2026, 0, 1));
    expect(await other.size('b')).toBe(0);
    await one.close();
    await expect(one.setScore('b', 'u', 1, Date.UTC(2026, 0, 1))).rejects.toThrow(/closed/);
    await expect(one.top('b', 1)).rejects.toThrow(/closed/);
    await expect(one.ping()).rejects.toThrow(/closed/);
  });
});
