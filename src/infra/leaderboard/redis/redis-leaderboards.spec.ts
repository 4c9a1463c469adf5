import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { startRedis } from '../../../../test/support/redis-server';
import type { RedisServer } from '../../../../test/support/redis-server';
import { ACHIEVED_AT_MAX_MS, ACHIEVED_AT_MIN_MS, MAX_SCORE, MIN_SCORE } from '../../../core/leaderboard/ordering';
import { describeLeaderboardsContract } from '../leaderboards.contract';
import { standingKey } from '../standing-key';
import { RedisLeaderboards } from './redis-leaderboards';

let server: RedisServer;
let admin: Redis;
const prefix = `test-lb-${randomUUID().slice(0, 8)}:`;
const T = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  server = await startRedis();
  admin = new Redis(server.url);
});
afterAll(async () => {
  await admin?.quit();
  await server?.stop();
});

describeLeaderboardsContract('redis', async () => RedisLeaderboards.create(server.url, { prefix }));
// Small chunks and a narrow window, so that the chunking of setScores is exercised too.
describeLeaderboardsContract('redis (chunks of 7, 2 in flight)', async () => RedisLeaderboards.create(server.url, { prefix: `${prefix}small:`, chunkSize: 7, chunksInFlight: 2 }));

describe('RedisLeaderboards', () => {
  const opened: RedisLeaderboards[] = [];
  const open = (options: { prefix?: string; commandTimeoutMs?: number } = {}, url = server.url): RedisLeaderboards => {
    const created = RedisLeaderboards.create(url, { prefix, ...options });
    opened.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });

  it('keeps a board in <prefix><board>:z (userId → standing key) and <prefix><board>:h (userId → exact values)', async () => {
    const boards = open();
    await boards.setScore('layout', 'ann', 12.345, T + 678);
    expect(boards.zset('layout')).toBe(`${prefix}layout:z`);
    expect(Number(await admin.zscore(`${prefix}layout:z`, 'ann'))).toBe(standingKey(12.345, T + 678));
    expect(await admin.hget(`${prefix}layout:h`, 'ann')).toBe(`12.345 ${T + 678}`);
    expect(await admin.type(`${prefix}layout:z`)).toBe('zset');
  });

  it('stores the extreme standing keys exactly, in a small (listpack) and a large (skiplist) sorted set', async () => {
    const boards = open();
    const extremes: Array<[string, number, number]> = [
      ['a', MAX_SCORE, ACHIEVED_AT_MIN_MS],
      ['b', MAX_SCORE, ACHIEVED_AT_MAX_MS],
      ['c', MIN_SCORE, ACHIEVED_AT_MIN_MS],
      ['d', MIN_SCORE, ACHIEVED_AT_MAX_MS],
      ['e', 0, ACHIEVED_AT_MIN_MS],
      ['f', -0.001, T],
    ];
    for (const name of ['small', 'large']) {
      if (name === 'large') await boards.setScores(name, Array.from({ length: 300 }, (_, i) => ({ userId: `filler${i}`, score: i, achievedAt: T })));
      for (const [userId, score, time] of extremes) await boards.setScore(name, userId, score, time);
      expect(await admin.object('ENCODING', `${prefix}${name}:z`)).toBe(name === 'small' ? 'listpack' : 'skiplist');
      for (const [userId, score, time] of extremes) expect(Number(await admin.zscore(`${prefix}${name}:z`, userId))).toBe(standingKey(score, time));
    }
  });

  it('does not write when the standing set is the one stored', async () => {
    const boards = open();
    await boards.setScore('noop', 'ann', 5, T);
    // Tamper with the sorted set: a real write would put the right key back.
    await admin.zadd(`${prefix}noop:z`, 123, 'ann');
    await boards.setScore('noop', 'ann', 5, T);
    expect(await admin.zscore(`${prefix}noop:z`, 'ann')).toBe('123');
    await boards.setScore('noop', 'ann', 5, T + 1_000);
    expect(Number(await admin.zscore(`${prefix}noop:z`, 'ann'))).toBe(standingKey(5, T + 1_000));
  });

  it('reports a board whose hash lacks a ranked user instead of inventing values', async () => {
    const boards = open();
    await boards.setScore('broken', 'ann', 5, T);
    await admin.hdel(`${prefix}broken:h`, 'ann');
    await expect(boards.top('broken', 10)).rejects.toThrow(/no exact values/);
  });

  it('loads its scripts again after SCRIPT FLUSH', async () => {
    const boards = open();
    await boards.setScore('flush', 'ann', 1, T);
    await admin.script('FLUSH');
    await boards.setScore('flush', 'bob', 2, T);
    expect((await boards.top('flush', 5)).map((e) => e.userId)).toEqual(['bob', 'ann']);
  });

  it('keeps boards of different prefixes apart', async () => {
    const [one, two] = [open({ prefix: `${prefix}one:` }), open({ prefix: `${prefix}two:` })];
    await one.setScore('shared', 'ann', 1, T);
    expect(await two.size('shared')).toBe(0);
  });

  it('fails its calls (instead of hanging) when Redis cannot be reached', async () => {
    const unreachable = open({ commandTimeoutMs: 300 }, 'redis://127.0.0.1:1');
    await expect(unreachable.setScore('nowhere', 'ann', 1, T)).rejects.toThrow();
    await expect(unreachable.top('nowhere', 1)).rejects.toThrow();
  });
});
