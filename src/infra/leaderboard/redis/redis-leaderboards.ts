import { createHash } from 'node:crypto';
import { Pipeline, Redis } from 'ioredis';
import { leaderboardEntry } from '../../../core/leaderboard/entry';
import { checkBoard, checkCount, checkStanding, checkUserId } from '../../../core/leaderboard/ordering';
import type { AroundResult, BoardView, EntriesOptions, LeaderboardEntry, Leaderboards, ScoreUpdate, ViewWindow } from '../../../core/leaderboard/types';
import { standingKey } from '../standing-key';
import { exactValuesText, parseExactValues } from './exact-values';
import { VariadicCommand } from './wire-command';

export interface RedisLeaderboardsOptions {
  /** Prepended to every key; `stride:lb:` by default. Board `b` lives in `<prefix>b:z` and `<prefix>b:h`. */
  prefix?: string;
  /**
   * A command without an answer after this long fails (also while reconnecting), so an outage
   * shows up as errors rather than hanging calls; 2000 ms by default.
   */
  commandTimeoutMs?: number;
  /**
   * setScores sends its updates in atomic chunks of this many; 500 by default, at most 10,000.
   * Redis runs one command at a time, so a chunk delays every other client's command (a query's
   * `around`) by its own run time, about 1 to 5 µs per update: keep chunks small.
   */
  chunkSize?: number;
  /**
   * setScores keeps at most this many chunks unanswered at a time; 2 by default (enough to keep
   * Redis busy; more only queue up in front of other clients' commands).
   */
  chunksInFlight?: number;
}

const DEFAULT_PREFIX = 'stride:lb:';
const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;
const DEFAULT_CHUNK_SIZE = 500;
const MAX_CHUNK_SIZE = 10_000;
const DEFAULT_CHUNKS_IN_FLIGHT = 2;
const DEFAULT_PAGE_SIZE = 1_000;

/** A Lua script run by EVALSHA, loaded with EVAL when the server does not know it yet. */
class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/**
 * Sets one standing. A no-op (nothing written, nothing replicated) when the hash already holds
 * exactly this score and time. KEYS: sorted set, hash. ARGV: standing key, userId, "score achievedAt".
 */
const SET_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[3] then return 0 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1`);

/** Values of the hash for the given members, fetched in chunks (unpack has a stack limit). */
const HASH_VALUES_LUA = `
local function values_of(hash, members)
  local values = {}
  for i = 1, #members, 500 do
    local chunk = redis.call('HMGET', hash, unpack(members, i, math.min(i + 499, #members)))
    for j = 1, #chunk do values[#values + 1] = chunk[j] end
  end
  return values
end`;

/** Entries at 0-based positions ARGV[1]..ARGV[2]. KEYS: sorted set, hash. Returns {members, values}. */
const PAGE_SCRIPT = new LuaScript(`${HASH_VALUES_LUA}
local members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
return {members, values_of(KEYS[2], members)}`);

/**
 * The window of ARGV[2] positions either side of user ARGV[1]. KEYS: sorted set, hash. Returns
 * nil without a standing, else {user's 0-based position, window's first position, members, values}.
 */
const AROUND_SCRIPT = new LuaScript(`${HASH_VALUES_LUA}
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if not rank then return false end
local radius = tonumber(ARGV[2])
local first = math.max(0, rank - radius)
local members = redis.call('ZRANGE', KEYS[1], first, rank + radius)
return {rank, first, members, values_of(KEYS[2], members)}`);

/**
 * What viewer ARGV[1] sees: the board's size, the viewer's place and exact values, and the top
 * ARGV[2] or, when ARGV[3] is not empty and the viewer has a standing, the window of ARGV[3]
 * places either side of the viewer. KEYS: sorted set, hash. Returns {size, viewer's 0-based
 * position or -1, window's first position, members, values, viewer's values or nil}.
 */
const VIEW_SCRIPT = new LuaScript(`${HASH_VALUES_LUA}
local size = redis.call('ZCARD', KEYS[1])
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
local first, last = 0, tonumber(ARGV[2]) - 1
if rank and ARGV[3] ~= '' then
  local radius = tonumber(ARGV[3])
  first, last = math.max(0, rank - radius), rank + radius
end
local members = {}
if last >= first then members = redis.call('ZRANGE', KEYS[1], first, last) end
local mine = false
if rank then mine = redis.call('HGET', KEYS[2], ARGV[1]) end
return {size, rank or -1, first, members, values_of(KEYS[2], members), mine}`);

/**
 * Replaces board "to" by board "from". KEYS: from's sorted set and hash, to's sorted set and hash.
 * The old "to" is UNLINKed (freed in the background) rather than deleted in place by RENAME.
 */
const RENAME_SCRIPT = new LuaScript(`
if KEYS[1] == KEYS[3] then return 0 end
redis.call('UNLINK', KEYS[3], KEYS[4])
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('RENAME', KEYS[1], KEYS[3]) end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[4]) end
return 1`);

/**
 * The production leaderboards: per board, one sorted set (member userId, score the standing key
 * of ../standing-key.ts, ascending = better, so ZRANK/ZRANGE read the board best first and equal
 * keys fall to the smaller userId as Redis orders equal scores by member) and one hash (userId →
 * "score achievedAt", the exact values as set).
 *
 * - setScore: one Lua script (ZADD + HSET, atomic; skips writing an unchanged standing).
 * - setScores: MULTI { variadic ZADD, variadic HSET } per chunk, chunks pipelined; the two
 *   commands' wire form is written while their arguments are made (./wire-command).
 * - rank, around, top, view, entries: Lua scripts (ZCARD / ZRANK / ZRANGE + HMGET), one round
 *   trip each, atomic, so rank and values always agree. O(log n + k).
 * - remove: MULTI { ZREM, HDEL }. rename: a Lua script of RENAMEs. drop: UNLINK.
 *
 * The two keys of a board are not hash-tagged, and rename moves keys between boards: this runs
 * on a single Redis (with replicas), not on Redis Cluster.
 */
export class RedisLeaderboards implements Leaderboards {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly chunkSize: number,
    private readonly chunksInFlight: number,
  ) {}

  /** Connects in the background; commands sent before the connection is up wait for it (up to the command timeout). */
  static create(redisUrl: string, options: RedisLeaderboardsOptions = {}): RedisLeaderboards {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const chunksInFlight = options.chunksInFlight ?? DEFAULT_CHUNKS_IN_FLIGHT;
    checkCount('chunkSize', chunkSize, 1);
    // Each chunk's arguments are spread into a call: keep them well inside the stack's limits.
    if (chunkSize > MAX_CHUNK_SIZE) throw new RangeError(`leaderboard chunkSize must be at most ${MAX_CHUNK_SIZE}, got ${chunkSize}`);
    checkCount('chunksInFlight', chunksInFlight, 1);
    const redis = new Redis(redisUrl, {
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      // Fail queued commands after one reconnection attempt: the projection runner retries from
      // its checkpoint, and a query is better answered with an error than late.
      maxRetriesPerRequest: 1,
      connectionName: 'stride-leaderboards',
      disconnectTimeout: 200,
    });
    // Connection errors surface as failed commands; without a listener ioredis would log each one.
    redis.on('error', () => undefined);
    return new RedisLeaderboards(redis, options.prefix ?? DEFAULT_PREFIX, chunkSize, chunksInFlight);
  }

  async setScore(board: string, userId: string, score: number, achievedAt: number): Promise<void> {
    checkBoard(board);
    const exact = checkStanding(userId, score, achievedAt);
    await this.run(SET_SCRIPT, [this.zset(board), this.hash(board)], [String(standingKey(exact, achievedAt)), userId, exactValuesText(exact, achievedAt)]);
  }

  async setScores(board: string, updates: readonly ScoreUpdate[]): Promise<void> {
    checkBoard(board);
    // Check (and encode) everything before sending anything.
    const scores = updates.map((u) => checkStanding(u.userId, u.score, u.achievedAt));
    const zset = this.zset(board);
    const hash = this.hash(board);
    const chunks: Array<() => Promise<void>> = [];
    for (let start = 0; start < updates.length; start += this.chunkSize) {
      const end = Math.min(updates.length, start + this.chunkSize);
      // Each chunk is encoded when its turn comes, while the ones before it are on the wire.
      chunks.push(async () => {
        const zadd = new VariadicCommand('zadd', zset);
        const hset = new VariadicCommand('hset', hash);
        for (let i = start; i < end; i++) {
          const { userId, achievedAt } = updates[i];
          const userBytes = Buffer.byteLength(userId);
          const key = String(standingKey(scores[i], achievedAt));
          const exact = exactValuesText(scores[i], achievedAt);
          zadd.add(key, key.length).add(userId, userBytes);
          hset.add(userId, userBytes).add(exact, exact.length);
        }
        const transaction = this.redis.multi();
        if (!(transaction instanceof Pipeline)) throw new Error('ioredis multi() did not return a Pipeline');
        transaction.sendCommand(zadd.build());
        transaction.sendCommand(hset.build());
        check(await transaction.exec(), 'setScores');
      });
    }
    await inWindows(chunks, this.chunksInFlight);
  }

  async remove(board: string, userId: string): Promise<boolean> {
    checkBoard(board);
    checkUserId(userId);
    const [removed] = check(await this.redis.multi().zrem(this.zset(board), userId).hdel(this.hash(board), userId).exec(), 'remove');
    return removed === 1;
  }

  async top(board: string, limit: number, offset = 0): Promise<LeaderboardEntry[]> {
    checkBoard(board);
    checkCount('limit', limit);
    checkCount('offset', offset);
    return limit === 0 ? [] : this.page(board, offset, limit);
  }

  async around(board: string, userId: string, radius: number): Promise<AroundResult> {
    checkBoard(board);
    checkUserId(userId);
    checkCount('radius', radius);
    const reply = await this.run(AROUND_SCRIPT, [this.zset(board), this.hash(board)], [userId, radius]);
    if (reply === null) return { entries: [] };
    if (!isArray(reply) || reply.length !== 4) throw new Error(`leaderboard ${board}: unexpected reply to around: ${JSON.stringify(reply)}`);
    const [index, first, members, values] = reply;
    if (typeof index !== 'number' || typeof first !== 'number') throw new Error(`leaderboard ${board}: unexpected reply to around: ${JSON.stringify(reply)}`);
    const entries = toEntries(board, first, members, values);
    return { me: entries[index - first], entries };
  }

  async rank(board: string, userId: string): Promise<LeaderboardEntry | undefined> {
    return (await this.around(board, userId, 0)).me;
  }

  async view(board: string, viewerId: string, window: ViewWindow): Promise<BoardView> {
    checkBoard(board);
    checkUserId(viewerId);
    checkCount('top', window.top);
    if (window.around !== undefined) checkCount('around', window.around);
    const reply = await this.run(VIEW_SCRIPT, [this.zset(board), this.hash(board)], [viewerId, window.top, window.around ?? '']);
    if (!isArray(reply) || reply.length < 5) throw new Error(`leaderboard ${board}: unexpected reply to view: ${JSON.stringify(reply)}`);
    const [size, index, first, members, values, mine] = reply;
    if (typeof size !== 'number' || typeof index !== 'number' || typeof first !== 'number') {
      throw new Error(`leaderboard ${board}: unexpected reply to view: ${JSON.stringify(reply)}`);
    }
    const entries = toEntries(board, first, members, values);
    if (index < 0) return { size, entries };
    const [me] = toEntries(board, index, [viewerId], [mine ?? null]);
    return { size, me, entries };
  }

  async size(board: string): Promise<number> {
    checkBoard(board);
    return this.redis.zcard(this.zset(board));
  }

  async *entries(board: string, options: EntriesOptions = {}): AsyncIterable<LeaderboardEntry> {
    checkBoard(board);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    checkCount('pageSize', pageSize, 1);
    for (let offset = 0; ; offset += pageSize) {
      const page = await this.page(board, offset, pageSize);
      yield* page;
      if (page.length < pageSize) return;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    checkBoard(from);
    checkBoard(to);
    await this.run(RENAME_SCRIPT, [this.zset(from), this.hash(from), this.zset(to), this.hash(to)], []);
  }

  async drop(board: string): Promise<void> {
    checkBoard(board);
    await this.redis.unlink(this.zset(board), this.hash(board));
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** Closes the connection; later calls fail. */
  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** The sorted set of a board (exposed for tests and operators' tooling). */
  zset(board: string): string {
    return `${this.prefix}${board}:z`;
  }

  /** The hash of exact values of a board. */
  hash(board: string): string {
    return `${this.prefix}${board}:h`;
  }

  private async page(board: string, offset: number, limit: number): Promise<LeaderboardEntry[]> {
    const reply = await this.run(PAGE_SCRIPT, [this.zset(board), this.hash(board)], [offset, offset + limit - 1]);
    if (!isArray(reply) || reply.length !== 2) throw new Error(`leaderboard ${board}: unexpected reply to a page read: ${JSON.stringify(reply)}`);
    return toEntries(board, offset, reply[0], reply[1]);
  }

  private async run(script: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await this.redis.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.eval(script.source, keys.length, ...keys, ...args);
    }
  }
}

/** Entries from parallel arrays of members and hash values; the first is at 0-based position `first`. */
function toEntries(board: string, first: number, members: unknown, values: unknown): LeaderboardEntry[] {
  if (!isArray(members) || !isArray(values) || members.length !== values.length) {
    throw new Error(`leaderboard ${board}: unexpected reply: members ${JSON.stringify(members)}, values ${JSON.stringify(values)}`);
  }
  const entries = new Array<LeaderboardEntry>(members.length);
  for (let i = 0; i < members.length; i++) {
    const userId = members[i];
    const value = values[i];
    if (typeof userId !== 'string') throw new Error(`leaderboard ${board}: unexpected member ${JSON.stringify(userId)}`);
    if (typeof value !== 'string') throw new Error(`leaderboard ${board}: ${userId} is ranked but has no exact values in the hash`);
    const exact = parseExactValues(value);
    if (!exact) throw new Error(`leaderboard ${board}: ${userId} has malformed exact values ${JSON.stringify(value)}`);
    entries[i] = leaderboardEntry(first + i + 1, userId, exact.score, exact.achievedAt);
  }
  return entries;
}

/** Array.isArray without letting `any` in. */
function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** The results of a MULTI, throwing the first error in it (or when it was aborted). */
function check(results: Array<[Error | null, unknown]> | null, operation: string): unknown[] {
  if (results === null) throw new Error(`leaderboard ${operation}: transaction aborted`);
  return results.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

/** Runs the tasks with at most `width` of them pending at a time; stops and rejects at the first failure. */
async function inWindows(tasks: ReadonlyArray<() => Promise<void>>, width: number): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < tasks.length) {
      try {
        await tasks[next++]();
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, lane));
}
