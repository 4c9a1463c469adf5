import { randomUUID } from 'node:crypto';
import {
  ACHIEVED_AT_MAX_MS,
  ACHIEVED_AT_MIN_MS,
  compareCodePoints,
  compareStandings,
  MAX_SCORE,
  MIN_SCORE,
  type Standing,
} from '../../core/leaderboard/ordering';
import type { LeaderboardEntry, Leaderboards, ScoreUpdate } from '../../core/leaderboard/types';
import { seededRandom } from './testing';

/** A time well inside the supported range; `at(s)` is `s` seconds after it. */
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const at = (seconds: number): number => T0 + seconds * 1000;

/** The board as it must read: the standings sorted by the port's reference order, ranked from 1. */
function expectedBoard(standings: Iterable<Standing>): LeaderboardEntry[] {
  return [...standings].sort(compareStandings).map((s, i) => ({ rank: i + 1, userId: s.userId, score: s.score, achievedAt: s.achievedAt }));
}

async function collect(iterable: AsyncIterable<LeaderboardEntry>): Promise<LeaderboardEntry[]> {
  const out: LeaderboardEntry[] = [];
  for await (const entry of iterable) out.push(entry);
  return out;
}

const ids = (entries: readonly LeaderboardEntry[]): string[] => entries.map((e) => e.userId);

/**
 * The behaviour every Leaderboards adapter must have (see src/core/leaderboard/types.ts). `open`
 * is called once; board names are unique per run, and the boards made are dropped at the end.
 */
export function describeLeaderboardsContract(adapterName: string, open: () => Promise<Leaderboards>): void {
  describe(`Leaderboards contract: ${adapterName}`, () => {
    let boards: Leaderboards;
    const run = randomUUID().slice(0, 8);
    const made: string[] = [];
    const board = (): string => {
      const name = `contract-${run}-${made.length + 1}`;
      made.push(name);
      return name;
    };
    /** Sets the standings (one setScore each, in order) and returns the board. */
    const boardWith = async (standings: ReadonlyArray<[userId: string, score: number, achievedAt: number]>): Promise<string> => {
      const name = board();
      for (const [userId, score, achievedAt] of standings) await boards.setScore(name, userId, score, achievedAt);
      return name;
    };

    beforeAll(async () => {
      boards = await open();
    });
    afterAll(async () => {
      if (!boards) return;
      for (const name of made) await boards.drop(name);
      await boards.close();
    });

    it('answers a ping', async () => {
      await expect(boards.ping()).resolves.toBeUndefined();
    });

    it('reads an unknown board as empty', async () => {
      const name = board();
      expect(await boards.size(name)).toBe(0);
      expect(await boards.top(name, 10)).toEqual([]);
      expect(await boards.rank(name, 'nobody')).toBeUndefined();
      expect(await boards.around(name, 'nobody', 3)).toEqual({ entries: [] });
      expect(await boards.view(name, 'nobody', { top: 10, around: 3 })).toEqual({ size: 0, entries: [] });
      expect(await collect(boards.entries(name))).toEqual([]);
      expect(await boards.remove(name, 'nobody')).toBe(false);
    });

    it('ranks the higher score first and returns the exact values set', async () => {
      const name = await boardWith([
        ['ann', 10.5, at(0)],
        ['bob', 30.25, at(1)],
        ['cid', 20, at(2) + 123],
      ]);
      expect(await boards.top(name, 10)).toEqual([
        { rank: 1, userId: 'bob', score: 30.25, achievedAt: at(1) },
        { rank: 2, userId: 'cid', score: 20, achievedAt: at(2) + 123 },
        { rank: 3, userId: 'ann', score: 10.5, achievedAt: at(0) },
      ]);
      expect(await boards.size(name)).toBe(3);
    });

    it('ranks negative scores (negated times: the fastest first)', async () => {
      const name = await boardWith([
        ['slow', -1805.25, at(0)],
        ['fast', -1200.5, at(1)],
        ['mid', -1500, at(2)],
        ['zero', 0, at(3)],
      ]);
      expect(ids(await boards.top(name, 10))).toEqual(['zero', 'fast', 'mid', 'slow']);
    });

    it('breaks a tie by the earlier achievedAt, whatever the order of the updates', async () => {
      const name = await boardWith([
        ['late', 42, at(30)],
        ['early', 42, at(10)],
        ['middle', 42, at(20)],
        ['higher', 43, at(99)],
      ]);
      expect(ids(await boards.top(name, 10))).toEqual(['higher', 'early', 'middle', 'late']);
    });

    it('breaks a tie within the same second by userId (code point order), deterministically', async () => {
      const forwards = await boardWith([
        ['b', 7, at(5) + 100],
        ['a', 7, at(5) + 900],
        ['c', 7, at(5)],
        ['first', 7, at(4) + 999],
      ]);
      const backwards = await boardWith([
        ['first', 7, at(4) + 999],
        ['c', 7, at(5)],
        ['a', 7, at(5) + 900],
        ['b', 7, at(5) + 100],
      ]);
      expect(ids(await boards.top(forwards, 10))).toEqual(['first', 'a', 'b', 'c']);
      expect(await boards.top(backwards, 10)).toEqual(await boards.top(forwards, 10));
    });

    it('orders tied userIds by code point, as UTF-8 bytes sort (also above U+FFFF)', async () => {
      const users = ['z', 'Z', 'é', '\uffef', '😀', 'ab', 'a', '10', '9', 'a😀', 'a\ue000'];
      const name = await boardWith(users.map((u) => [u, 5, at(0)]));
      expect(ids(await boards.top(name, 20))).toEqual([...users].sort(compareCodePoints));
      expect(ids(await boards.top(name, 20))).toEqual([...users].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    });

    it('compares scores at 3 decimals (equal below that, so the time decides) but keeps the exact values', async () => {
      const name = await boardWith([
        ['later', 10.0004, at(2)],
        ['sooner', 10.0001, at(1)],
        ['above', 10.001, at(3)],
        ['below', 9.999, at(0)],
      ]);
      expect(await boards.top(name, 10)).toEqual([
        { rank: 1, userId: 'above', score: 10.001, achievedAt: at(3) },
        { rank: 2, userId: 'sooner', score: 10.0001, achievedAt: at(1) },
        { rank: 3, userId: 'later', score: 10.0004, achievedAt: at(2) },
        { rank: 4, userId: 'below', score: 9.999, achievedAt: at(0) },
      ]);
    });

    it('changes nothing when the same standing is set again (a re-delivered event)', async () => {
      const name = await boardWith([
        ['ann', 10, at(0)],
        ['bob', 20, at(1)],
        ['cid', 20, at(2)],
      ]);
      const before = await boards.top(name, 10);
      await boards.setScore(name, 'bob', 20, at(1));
      await boards.setScores(name, [
        { userId: 'cid', score: 20, achievedAt: at(2) },
        { userId: 'ann', score: 10, achievedAt: at(0) },
      ]);
      await boards.setScore(name, 'bob', 20, at(1));
      expect(await boards.top(name, 10)).toEqual(before);
      expect(await boards.size(name)).toBe(3);
    });

    it('replaces a standing with the new absolute one, up and down (never adds)', async () => {
      const name = await boardWith([
        ['ann', 10, at(0)],
        ['bob', 20, at(1)],
        ['cid', 30, at(2)],
      ]);
      await boards.setScore(name, 'ann', 25, at(5));
      expect(await boards.top(name, 10)).toEqual([
        { rank: 1, userId: 'cid', score: 30, achievedAt: at(2) },
        { rank: 2, userId: 'ann', score: 25, achievedAt: at(5) },
        { rank: 3, userId: 'bob', score: 20, achievedAt: at(1) },
      ]);
      await boards.setScore(name, 'cid', 5, at(6));
      expect(ids(await boards.top(name, 10))).toEqual(['ann', 'bob', 'cid']);
      expect(await boards.rank(name, 'cid')).toEqual({ rank: 3, userId: 'cid', score: 5, achievedAt: at(6) });
      expect(await boards.size(name)).toBe(3);
    });

    it('moves a user behind the ties when only the time changes to a later one, and updates values within the same place', async () => {
      const name = await boardWith([
        ['ann', 50, at(0)],
        ['bob', 50, at(1)],
      ]);
      await boards.setScore(name, 'ann', 50, at(2));
      expect(ids(await boards.top(name, 10))).toEqual(['bob', 'ann']);
      // Same score units and same second: same place, but the exact values are the new ones.
      await boards.setScore(name, 'ann', 50.0002, at(2) + 400);
      expect(await boards.top(name, 10)).toEqual([
        { rank: 1, userId: 'bob', score: 50, achievedAt: at(1) },
        { rank: 2, userId: 'ann', score: 50.0002, achievedAt: at(2) + 400 },
      ]);
    });

    it('stores -0 as 0', async () => {
      const name = await boardWith([['neg', -0, at(0)]]);
      const entry = await boards.rank(name, 'neg');
      expect(Object.is(entry?.score, 0)).toBe(true);
    });

    it('removes a standing, and the users below move up', async () => {
      const name = await boardWith([
        ['ann', 3, at(0)],
        ['bob', 2, at(0)],
        ['cid', 1, at(0)],
      ]);
      expect(await boards.remove(name, 'ann')).toBe(true);
      expect(await boards.remove(name, 'ann')).toBe(false);
      expect(await boards.rank(name, 'ann')).toBeUndefined();
      expect(await boards.top(name, 10)).toEqual([
        { rank: 1, userId: 'bob', score: 2, achievedAt: at(0) },
        { rank: 2, userId: 'cid', score: 1, achievedAt: at(0) },
      ]);
      await boards.remove(name, 'bob');
      await boards.remove(name, 'cid');
      expect(await boards.size(name)).toBe(0);
      expect(await boards.top(name, 10)).toEqual([]);
      await boards.setScore(name, 'ann', 1, at(0));
      expect(await boards.rank(name, 'ann')).toEqual({ rank: 1, userId: 'ann', score: 1, achievedAt: at(0) });
    });

    describe('reading a board of ten', () => {
      let name: string;
      /** u0 leads with 100, u9 is last with 10. */
      const users = Array.from({ length: 10 }, (_, i) => `u${i}`);
      const entryOf = (i: number): LeaderboardEntry => ({ rank: i + 1, userId: `u${i}`, score: 100 - 10 * i, achievedAt: at(i) });

      beforeAll(async () => {
        name = board();
        await boards.setScores(
          name,
          users.map((userId, i) => ({ userId, score: 100 - 10 * i, achievedAt: at(i) })),
        );
      });

      it('gives the top N, with an offset, a short last page and nothing past the end', async () => {
        expect(await boards.top(name, 3)).toEqual([0, 1, 2].map(entryOf));
        expect(await boards.top(name, 3, 0)).toEqual([0, 1, 2].map(entryOf));
        expect(await boards.top(name, 3, 4)).toEqual([4, 5, 6].map(entryOf));
        expect(await boards.top(name, 5, 8)).toEqual([8, 9].map(entryOf));
        expect(await boards.top(name, 5, 10)).toEqual([]);
        expect(await boards.top(name, 5, 1_000)).toEqual([]);
        expect(await boards.top(name, 0)).toEqual([]);
        expect(await boards.top(name, 100)).toEqual(users.map((_, i) => entryOf(i)));
      });

      it('gives the rank of each user', async () => {
        for (let i = 0; i < users.length; i++) expect(await boards.rank(name, users[i])).toEqual(entryOf(i));
        expect(await boards.rank(name, 'absent')).toBeUndefined();
        expect(await boards.size(name)).toBe(10);
      });

      it('gives the window around a user in the middle', async () => {
        expect(await boards.around(name, 'u5', 2)).toEqual({ me: entryOf(5), entries: [3, 4, 5, 6, 7].map(entryOf) });
        expect(await boards.around(name, 'u5', 0)).toEqual({ me: entryOf(5), entries: [entryOf(5)] });
      });

      it('clips the window at the first and the last place', async () => {
        expect(await boards.around(name, 'u0', 2)).toEqual({ me: entryOf(0), entries: [0, 1, 2].map(entryOf) });
        expect(await boards.around(name, 'u1', 2)).toEqual({ me: entryOf(1), entries: [0, 1, 2, 3].map(entryOf) });
        expect(await boards.around(name, 'u9', 2)).toEqual({ me: entryOf(9), entries: [7, 8, 9].map(entryOf) });
        expect(await boards.around(name, 'u4', 50)).toEqual({ me: entryOf(4), entries: users.map((_, i) => entryOf(i)) });
      });

      it('gives no window to a user without a standing', async () => {
        expect(await boards.around(name, 'absent', 2)).toEqual({ entries: [] });
      });

      it('views the board for a viewer at once: size, their entry and the window around them', async () => {
        expect(await boards.view(name, 'u5', { top: 4, around: 2 })).toEqual({ size: 10, me: entryOf(5), entries: [3, 4, 5, 6, 7].map(entryOf) });
        expect(await boards.view(name, 'u0', { top: 4, around: 2 })).toEqual({ size: 10, me: entryOf(0), entries: [0, 1, 2].map(entryOf) });
        expect(await boards.view(name, 'u9', { top: 4, around: 1 })).toEqual({ size: 10, me: entryOf(9), entries: [8, 9].map(entryOf) });
        expect(await boards.view(name, 'u4', { top: 0, around: 0 })).toEqual({ size: 10, me: entryOf(4), entries: [entryOf(4)] });
      });

      it("views the top, with the viewer's own entry wherever it is, and the top for a viewer without a standing", async () => {
        expect(await boards.view(name, 'u7', { top: 3 })).toEqual({ size: 10, me: entryOf(7), entries: [0, 1, 2].map(entryOf) });
        expect(await boards.view(name, 'absent', { top: 3, around: 2 })).toEqual({ size: 10, entries: [0, 1, 2].map(entryOf) });
        expect(await boards.view(name, 'absent', { top: 0, around: 2 })).toEqual({ size: 10, entries: [] });
        expect(await boards.view(name, 'u1', { top: 50 })).toEqual({ size: 10, me: entryOf(1), entries: users.map((_, i) => entryOf(i)) });
      });

      it('streams every entry in rank order, page by page', async () => {
        const all = users.map((_, i) => entryOf(i));
        expect(await collect(boards.entries(name))).toEqual(all);
        expect(await collect(boards.entries(name, { pageSize: 3 }))).toEqual(all);
        expect(await collect(boards.entries(name, { pageSize: 5 }))).toEqual(all);
        expect(await collect(boards.entries(name, { pageSize: 1 }))).toEqual(all);
      });
    });

    describe('setScores', () => {
      it('applies a batch in order: a user twice in it ends with the last update', async () => {
        const name = board();
        await boards.setScores(name, [
          { userId: 'ann', score: 1, achievedAt: at(0) },
          { userId: 'bob', score: 2, achievedAt: at(0) },
          { userId: 'ann', score: 3, achievedAt: at(1) },
        ]);
        expect(await boards.top(name, 10)).toEqual([
          { rank: 1, userId: 'ann', score: 3, achievedAt: at(1) },
          { rank: 2, userId: 'bob', score: 2, achievedAt: at(0) },
        ]);
      });

      it('stores every kind of user id and value in a batch exactly (multi-byte ids, negative and long decimals)', async () => {
        const name = `${board()}-é😀`;
        made.push(name);
        const updates: ScoreUpdate[] = [
          { userId: 'zoë', score: 12.5, achievedAt: at(1) + 1 },
          { userId: '😀-runner', score: -1805.25, achievedAt: at(2) + 999 },
          { userId: '東京', score: 0.001, achievedAt: at(3) },
          { userId: 'plain', score: 10.0004, achievedAt: at(4) + 7 },
          { userId: 'a\ue000', score: 1 / 3, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'big', score: MAX_SCORE, achievedAt: ACHIEVED_AT_MIN_MS },
        ];
        await boards.setScores(name, updates);
        expect(await boards.top(name, 10)).toEqual(expectedBoard(updates));
        await boards.setScores(name, updates); // the same again: a re-delivery
        expect(await boards.top(name, 10)).toEqual(expectedBoard(updates));
      });

      it('accepts an empty batch', async () => {
        const name = board();
        await boards.setScores(name, []);
        expect(await boards.size(name)).toBe(0);
      });

      it('writes nothing when one update in the batch is invalid', async () => {
        const name = await boardWith([['ann', 1, at(0)]]);
        const updates: ScoreUpdate[] = Array.from({ length: 2_500 }, (_, i) => ({ userId: `u${i}`, score: i, achievedAt: at(i) }));
        updates.push({ userId: 'bad', score: Number.NaN, achievedAt: at(0) });
        await expect(boards.setScores(name, updates)).rejects.toThrow(RangeError);
        expect(await boards.top(name, 10)).toEqual([{ rank: 1, userId: 'ann', score: 1, achievedAt: at(0) }]);
      });

      it('handles a batch larger than one chunk', async () => {
        const name = board();
        const updates: ScoreUpdate[] = Array.from({ length: 5_003 }, (_, i) => ({ userId: `u${i}`, score: i % 101, achievedAt: at(i % 7) }));
        await boards.setScores(name, updates);
        expect(await boards.size(name)).toBe(5_003);
        expect(await collect(boards.entries(name))).toEqual(expectedBoard(updates));
      });
    });

    describe('rename and drop', () => {
      it('replaces the target board by the source, which ends empty', async () => {
        const live = await boardWith([
          ['old1', 1, at(0)],
          ['old2', 2, at(0)],
        ]);
        const rebuilt = await boardWith([
          ['new1', 10, at(0)],
          ['new2', 20, at(0)],
          ['new3', 30, at(0)],
        ]);
        const expected = await boards.top(rebuilt, 10);
        await boards.rename(rebuilt, live);
        expect(await boards.top(live, 10)).toEqual(expected);
        expect(await boards.rank(live, 'old1')).toBeUndefined();
        expect(await boards.size(rebuilt)).toBe(0);
        expect(await boards.top(rebuilt, 10)).toEqual([]);
        // Both keep working afterwards.
        await boards.setScore(live, 'new1', 40, at(1));
        await boards.setScore(rebuilt, 'again', 1, at(1));
        expect(ids(await boards.top(live, 10))).toEqual(['new1', 'new3', 'new2']);
        expect(ids(await boards.top(rebuilt, 10))).toEqual(['again']);
      });

      it('renaming an empty board empties the target; renaming a board to itself changes nothing', async () => {
        const target = await boardWith([['x', 1, at(0)]]);
        await boards.rename(board(), target);
        expect(await boards.size(target)).toBe(0);
        const same = await boardWith([['y', 2, at(0)]]);
        await boards.rename(same, same);
        expect(await boards.top(same, 10)).toEqual([{ rank: 1, userId: 'y', score: 2, achievedAt: at(0) }]);
      });

      it('drops a board and leaves the others alone', async () => {
        const dropped = await boardWith([['a', 1, at(0)]]);
        const kept = await boardWith([['a', 2, at(0)]]);
        await boards.drop(dropped);
        await boards.drop(board());
        expect(await boards.size(dropped)).toBe(0);
        expect(await boards.rank(dropped, 'a')).toBeUndefined();
        expect(await boards.rank(kept, 'a')).toEqual({ rank: 1, userId: 'a', score: 2, achievedAt: at(0) });
      });
    });

    describe('the range of values', () => {
      it('accepts the extremes of score and time and orders them right', async () => {
        const standings: Standing[] = [
          { userId: 'max-late', score: MAX_SCORE, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'max-early', score: MAX_SCORE, achievedAt: ACHIEVED_AT_MIN_MS },
          { userId: 'max-less', score: MAX_SCORE - 0.001, achievedAt: ACHIEVED_AT_MIN_MS },
          { userId: 'min-early', score: MIN_SCORE, achievedAt: ACHIEVED_AT_MIN_MS },
          { userId: 'min-late', score: MIN_SCORE, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'min-more', score: MIN_SCORE + 0.001, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'zero-late', score: 0, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'zero-early', score: 0, achievedAt: ACHIEVED_AT_MIN_MS },
          { userId: 'tiny', score: 0.001, achievedAt: ACHIEVED_AT_MAX_MS },
          { userId: 'minus-tiny', score: -0.001, achievedAt: ACHIEVED_AT_MIN_MS },
          { userId: 'second-before', score: 0, achievedAt: ACHIEVED_AT_MAX_MS - 1_000 },
        ];
        const name = board();
        for (const s of standings) await boards.setScore(name, s.userId, s.score, s.achievedAt);
        expect(await boards.top(name, 20)).toEqual(expectedBoard(standings));
        expect(ids(await boards.top(name, 3))).toEqual(['max-early', 'max-late', 'max-less']);
      });

      it('rejects scores and times outside the supported range, and malformed arguments, writing nothing', async () => {
        const name = board();
        const bad: Array<[string, number, number]> = [
          ['u', Number.NaN, at(0)],
          ['u', Number.POSITIVE_INFINITY, at(0)],
          ['u', MAX_SCORE + 0.01, at(0)],
          ['u', MIN_SCORE - 0.01, at(0)],
          ['u', 1, ACHIEVED_AT_MIN_MS - 1],
          ['u', 1, ACHIEVED_AT_MAX_MS + 1],
          ['u', 1, at(0) + 0.5],
          ['u', 1, Number.NaN],
        ];
        for (const [userId, score, achievedAt] of bad) {
          await expect(boards.setScore(name, userId, score, achievedAt)).rejects.toThrow(RangeError);
          await expect(boards.setScores(name, [{ userId, score, achievedAt }])).rejects.toThrow(RangeError);
        }
        await expect(boards.setScore(name, 'u', MAX_SCORE + 1, at(0))).rejects.toThrow(/outside -1000000\.\.7500000/);
        await expect(boards.setScore(name, 'u', 1, Date.UTC(2019, 0, 1))).rejects.toThrow(/2020-01-01T00:00:00\.000Z\.\.2054-01-09T13:37:03\.999Z/);
        await expect(boards.setScore(name, '', 1, at(0))).rejects.toThrow(TypeError);
        await expect(boards.setScore(name, 'lone\ud800', 1, at(0))).rejects.toThrow(TypeError);
        await expect(boards.setScore('', 'u', 1, at(0))).rejects.toThrow(TypeError);
        await expect(boards.top(name, -1)).rejects.toThrow(RangeError);
        await expect(boards.top(name, 1.5)).rejects.toThrow(RangeError);
        await expect(boards.top(name, 10, -1)).rejects.toThrow(RangeError);
        await expect(boards.around(name, 'u', -1)).rejects.toThrow(RangeError);
        await expect(boards.view(name, 'u', { top: -1 })).rejects.toThrow(RangeError);
        await expect(boards.view(name, 'u', { top: 10, around: 0.5 })).rejects.toThrow(RangeError);
        await expect(boards.view(name, '', { top: 10 })).rejects.toThrow(TypeError);
        await expect(collect(boards.entries(name, { pageSize: 0 }))).rejects.toThrow(RangeError);
        expect(await boards.size(name)).toBe(0);
      });
    });

    it('agrees with a brute-force sort after 10,000 random updates, removals and batches', async () => {
      const random = seededRandom(20_260_601);
      const name = board();
      const truth = new Map<string, Standing>();
      const users = Array.from({ length: 1_500 }, (_, i) => `user-${i.toString(36)}`);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
      /** Few distinct scores and times, so that ties on score, on second and on both are common. */
      const randomStanding = (userId: string): Standing => ({
        userId,
        score: random() < 0.5 ? Math.floor(random() * 40) : Math.round((random() * 2000 - 500) * 1000) / 1000,
        achievedAt: at(Math.floor(random() * 60)) + Math.floor(random() * 1000),
      });
      let batch: Standing[] = [];
      for (let step = 0; step < 10_000; step++) {
        const roll = random();
        if (roll < 0.05) {
          const userId = pick(users);
          expect(await boards.remove(name, userId)).toBe(truth.delete(userId));
        } else if (roll < 0.45) {
          const s = truth.get(pick(users)) ?? randomStanding(pick(users));
          const again = random() < 0.3 ? s : randomStanding(s.userId); // some re-deliveries
          await boards.setScore(name, again.userId, again.score, again.achievedAt);
          truth.set(again.userId, again);
        } else {
          const s = randomStanding(pick(users));
          batch.push(s);
          if (batch.length >= 1 + Math.floor(random() * 200)) {
            await boards.setScores(name, batch);
            for (const b of batch) truth.set(b.userId, b);
            batch = [];
          }
        }
      }
      await boards.setScores(name, batch);
      for (const b of batch) truth.set(b.userId, b);

      const expected = expectedBoard(truth.values());
      expect(await boards.size(name)).toBe(expected.length);
      expect(await collect(boards.entries(name, { pageSize: 97 }))).toEqual(expected);
      for (const offset of [0, 1, 50, expected.length - 5]) expect(await boards.top(name, 25, offset)).toEqual(expected.slice(offset, offset + 25));
      for (let i = 0; i < 200; i++) {
        const userId = pick(users);
        const index = expected.findIndex((e) => e.userId === userId);
        expect(await boards.rank(name, userId)).toEqual(index < 0 ? undefined : expected[index]);
        const around = await boards.around(name, userId, 3);
        expect(around).toEqual(index < 0 ? { entries: [] } : { me: expected[index], entries: expected.slice(Math.max(0, index - 3), index + 4) });
        const viewed = await boards.view(name, userId, { top: 5, around: 3 });
        expect(viewed).toEqual(index < 0 ? { size: expected.length, entries: expected.slice(0, 5) } : { size: expected.length, ...around });
      }
    });
  });
}
