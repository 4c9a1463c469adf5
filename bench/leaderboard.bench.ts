/**
 * Live leaderboard benchmark (see docs/leaderboards.md, "Benchmark"): one board of 100,000
 * participants, side by side in one run.
 *
 *  - Redis (`RedisLeaderboards` on a redis-server this benchmark starts, like the test suites):
 *    updates/s of random score changes, pipelined (`setScores` of DEPTH updates per call,
 *    CALLS_IN_FLIGHT calls in flight) and one at a time (`setScore`, each awaited, SINGLE_IN_FLIGHT
 *    in flight);
 *  - the yardstick, redis-benchmark's ZADD rate against the same server with the same pipeline
 *    depth (`-n 200000 -P DEPTH -q`, 50 connections, redis-benchmark's default), run two ways
 *    side by side, and the goal (pipelined setScores ≥ 30 % of it) judged against each:
 *      - as the issue names it, `-t zadd`: `ZADD myzset 0 element:__rand_int__`, which without
 *        -r sets the same member to the same score every time, so after the first call no ZADD
 *        moves anything in a sorted set: it measures the protocol and the dispatch;
 *      - with random scores and members (`-r 100000 zadd <key> __rand_int__
 *        element:__rand_int__`): every ZADD moves a member within a sorted set of 100,000, the
 *        server work a leaderboard update does too (an update also writes its exact values).
 *    The goal is read against the second (a leaderboard update is never a no-op); the first is
 *    reported beside it, with the ratio, all the same. A third yardstick: bare ZADDs of the very
 *    updates setScores sends (same standing keys, same members, same board size, DEPTH per ZADD)
 *    from Node through ioredis, without the hash and MULTI: the adapter's own overhead is the gap
 *    to it;
 *  - memory (`MemoryLeaderboards`): the same two update loops;
 *  - `around` (radius RADIUS) latency for random participants, each call timed on its own, on a
 *    connection of its own: Redis idle; Redis while another connection writes PACED_UPDATES_PER_SEC
 *    updates/s in setScores of DEPTH (a busy live challenge: every participant's standing changes
 *    about every 10 s); Redis while another connection writes pipelined updates as fast as it
 *    can (a worst case, e.g. a rebuild without throttling: Redis runs one command at a time, so
 *    every `around` waits behind the queued batches); and memory. Goal: p99 ≤ 10 ms, judged on
 *    idle and paced (the HTTP figure comes later);
 *  - `view` (what GET .../leaderboard?around_me reads: size, the caller's entry and the window
 *    of RADIUS around them, one round trip) latency, Redis idle and paced, and memory;
 *  - `top(100)` latency, loading 100,000 participants with one `setScores` (a rebuild's write
 *    pattern), and reading them all back with `entries` (a rebuild's comparison).
 *
 * Update figures are the median of ROUNDS rounds of MEASURE_MS each, Redis and redis-benchmark
 * alternating. Scores are random metres with 0.1 m; every update gets a later achievedAt, so no
 * update is a no-op. The machines are shared (2 cores, Node and redis-server on the same ones):
 * compare figures from the same run only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { ACHIEVED_AT_MIN_MS } from '../src/core/leaderboard/ordering';
import type { Leaderboards, ScoreUpdate } from '../src/core/leaderboard/types';
import { MemoryLeaderboards } from '../src/infra/leaderboard/memory/memory-leaderboards';
import { RedisLeaderboards } from '../src/infra/leaderboard/redis/redis-leaderboards';
import { standingKey } from '../src/infra/leaderboard/standing-key';
import { startRedis } from '../test/support/redis-server';
import { collectGarbage, median, round } from './lib/measure';
import { percentile, report } from './lib/report';

const PARTICIPANTS = 100_000;
/** Updates per setScores call, and redis-benchmark's -P. */
const DEPTH = 64;
const CALLS_IN_FLIGHT = 8;
const SINGLE_IN_FLIGHT = 256;
const MEASURE_MS = 3_000;
const ROUNDS = 3;
const RADIUS = 10;
const PACED_UPDATES_PER_SEC = 10_000;
const LATENCY_SAMPLES = 5_000;
const GOAL_RATIO = 0.3;
const GOAL_P99_MS = 10;
const BOARD = 'challenge-bench';

const userIds = Array.from({ length: PARTICIPANTS }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

/** xorshift32: cheap enough not to weigh on the figures, seeded for repeatable runs. */
let seed = 0x2545f491;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}
const randomUser = (): string => userIds[Math.floor(random() * PARTICIPANTS)];

/** Later with every update, so that no update repeats a standing. */
let clock = Date.UTC(2026, 5, 1);
function randomUpdate(): ScoreUpdate {
  clock += 7;
  return { userId: randomUser(), score: Math.floor(random() * 500_000) / 10, achievedAt: clock };
}
const batch = (n: number): ScoreUpdate[] => Array.from({ length: n }, randomUpdate);

interface Rate {
  updates: number;
  seconds: number;
  perSec: number;
}

/** `lanes` loops, each awaiting `step` (which returns the updates it made) until `ms` have passed. */
async function lanes(count: number, ms: number, step: () => Promise<number>): Promise<Rate> {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let updates = 0;
  const lane = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline) {
      const made = await step(); // not `updates += await step()`: that reads `updates` before the await
      updates += made;
    }
  };
  await Promise.all(Array.from({ length: count }, lane));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { updates, seconds, perSec: updates / seconds };
}

const pipelined = (boards: Leaderboards, inFlight: number, ms = MEASURE_MS): Promise<Rate> =>
  lanes(inFlight, ms, async () => {
    await boards.setScores(BOARD, batch(DEPTH));
    return DEPTH;
  });

const oneByOne = (boards: Leaderboards, inFlight: number, ms = MEASURE_MS): Promise<Rate> =>
  lanes(inFlight, ms, async () => {
    const u = randomUpdate();
    await boards.setScore(BOARD, u.userId, u.score, u.achievedAt);
    return 1;
  });

/** Bare variadic ZADDs of DEPTH random updates' standing keys into a 100,000-member set, no hash, no MULTI. */
const bareZadd = (redis: Redis, key: string, inFlight: number, ms = MEASURE_MS): Promise<Rate> =>
  lanes(inFlight, ms, async () => {
    const args = new Array<string>(2 * DEPTH);
    for (let i = 0; i < 2 * DEPTH; i += 2) {
      const u = randomUpdate();
      args[i] = String(standingKey(u.score, u.achievedAt));
      args[i + 1] = u.userId;
    }
    await redis.zadd(key, ...args);
    return DEPTH;
  });

const SPECIFIED = ['-t', 'zadd'];
/** Requests per redis-benchmark run (-n). */
const BENCHMARK_REQUESTS = 200_000;
/** ZADD with a random score and one of PARTICIPANTS random members: repositions in a big sorted set. */
const RANDOM_SCORES = ['-r', String(PARTICIPANTS), 'zadd', 'bench:redis-benchmark:z', '__rand_int__', 'element:__rand_int__'];

/** Runs redis-benchmark and returns its requests per second. */
function redisBenchmark(port: number, command: string[]): number {
  const args = ['-p', String(port), '-n', String(BENCHMARK_REQUESTS), '-P', String(DEPTH), '-q', ...command];
  const run = spawnSync('redis-benchmark', args, { encoding: 'utf8', timeout: 120_000 });
  const match = /([\d.]+) requests per second/.exec(run.stdout ?? '');
  if (!match) throw new Error(`redis-benchmark ${args.join(' ')} failed: ${run.error?.message ?? ''} ${run.stderr} ${run.stdout}`);
  return Number(match[1]);
}

/**
 * CPU seconds spent so far by redis-server (INFO cpu), by this process (the Node client), and by
 * the children this process has waited for (redis-benchmark, the C client). The machines are
 * shared, so rates swing with other tenants' load; CPU per operation does not, and shows where an
 * update's cost lies: in the client or in the server.
 */
interface CpuMark {
  server: number;
  node: number;
  children: number;
}

async function cpuMark(raw: Redis): Promise<CpuMark> {
  const info = await raw.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  const own = process.cpuUsage();
  return { server: field('used_cpu_user') + field('used_cpu_sys'), node: (own.user + own.system) / 1e6, children: childrenCpuSeconds() };
}

/** cutime + cstime of this process (children waited for), seconds; NaN without /proc. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Microseconds of CPU per operation since `before`: of the server and of the client (Node, or redis-benchmark). */
async function cpuPerOperation(raw: Redis, before: CpuMark, operations: number, client: 'node' | 'children'): Promise<{ serverUs: number; clientUs: number }> {
  const after = await cpuMark(raw);
  const us = (seconds: number) => round((seconds * 1e6) / operations);
  return { serverUs: us(after.server - before.server), clientUs: us(after[client] - before[client]) };
}

interface Latency {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Times `samples` calls one after the other (after `samples / 5` untimed ones). */
async function latency(samples: number, call: () => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < samples / 5; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), maxMs: round(times[times.length - 1]) };
}

/**
 * Runs `measure` while another connection writes setScores of DEPTH: `perSec` updates a second
 * (paced), or as fast as CALLS_IN_FLIGHT calls in flight go when undefined. Adds the rate written.
 */
async function whileWriting<T extends object>(boards: Leaderboards, perSec: number | undefined, measure: () => Promise<T>): Promise<T & { updatesPerSecMeanwhile: number }> {
  let writing = true;
  const start = process.hrtime.bigint();
  const elapsedMs = (): number => Number(process.hrtime.bigint() - start) / 1e6;
  const writer = (async (): Promise<number> => {
    let updates = 0;
    if (perSec === undefined) {
      while (writing) {
        const made = (await pipelined(boards, CALLS_IN_FLIGHT, 200)).updates;
        updates += made;
      }
      return updates;
    }
    while (writing) {
      const due = (updates / perSec) * 1000 - elapsedMs();
      if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
      await boards.setScores(BOARD, batch(DEPTH));
      updates += DEPTH;
    }
    return updates;
  })();
  let result: T;
  try {
    result = await measure();
  } catch (error) {
    writing = false;
    await writer.catch(() => 0);
    throw error;
  }
  writing = false;
  const written = await writer;
  return { ...result, updatesPerSecMeanwhile: round(written / (elapsedMs() / 1000)) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function load(boards: Leaderboards): Promise<number> {
  const everyone = userIds.map((userId) => ({ userId, score: Math.floor(random() * 500_000) / 10, achievedAt: ACHIEVED_AT_MIN_MS + Math.floor(random() * 1e11) }));
  return timed(() => boards.setScores(BOARD, everyone));
}

async function countEntries(boards: Leaderboards): Promise<number> {
  let n = 0;
  for await (const _ of boards.entries(BOARD)) n++;
  if (n !== PARTICIPANTS) throw new Error(`entries gave ${n} of ${PARTICIPANTS}`);
  return n;
}

async function main(): Promise<void> {
  const server = await startRedis();
  const redis = RedisLeaderboards.create(server.url, { prefix: 'bench:lb:', commandTimeoutMs: 30_000 });
  const reader = RedisLeaderboards.create(server.url, { prefix: 'bench:lb:', commandTimeoutMs: 30_000 });
  const raw = new Redis(server.url, { commandTimeout: 30_000 });
  const memory = new MemoryLeaderboards();
  const loadAverageAtStart = loadavg().map((l) => round(l));
  try {
    console.log(`loading ${PARTICIPANTS} participants...`);
    const redisLoadSeconds = await load(redis);
    const memoryLoadSeconds = await load(memory);
    if ((await redis.size(BOARD)) !== PARTICIPANTS || (await memory.size(BOARD)) !== PARTICIPANTS) throw new Error('load incomplete');
    // The bare-ZADD yardstick's own 100,000-member set, and redis-benchmark's (filled by one untimed run).
    const BARE = 'bench:bare:z';
    for (let start = 0; start < PARTICIPANTS; start += 1_000) {
      await raw.zadd(BARE, ...userIds.slice(start, start + 1_000).flatMap((id) => [String(standingKey(Math.floor(random() * 500_000) / 10, clock)), id]));
    }
    redisBenchmark(server.port, RANDOM_SCORES);

    // Warm up (JIT, script cache, connection buffers).
    await pipelined(redis, CALLS_IN_FLIGHT, 500);
    await oneByOne(redis, SINGLE_IN_FLIGHT, 500);
    await pipelined(memory, 1, 500);
    await oneByOne(memory, 1, 500);
    await bareZadd(raw, BARE, CALLS_IN_FLIGHT, 500);

    /** CPU per operation of each round, for the Redis measurements and both redis-benchmark runs. */
    const cpu = {
      redisPipelined: [] as Array<{ serverUs: number; clientUs: number }>,
      bareZadd: [] as Array<{ serverUs: number; clientUs: number }>,
      redisBenchmarkZadd: [] as Array<{ serverUs: number; clientUs: number }>,
      redisBenchmarkRandomScores: [] as Array<{ serverUs: number; clientUs: number }>,
    };
    const withCpu = async (into: keyof typeof cpu, client: 'node' | 'children', measure: () => Promise<Rate> | Rate): Promise<number> => {
      const before = await cpuMark(raw);
      const measured = await measure();
      cpu[into].push(await cpuPerOperation(raw, before, measured.updates, client));
      return measured.perSec;
    };
    const rounds = {
      redisPipelined: [] as number[],
      redisSingle: [] as number[],
      bareZadd: [] as number[],
      redisBenchmarkZadd: [] as number[],
      redisBenchmarkRandomScores: [] as number[],
      memoryPipelined: [] as number[],
      memorySingle: [] as number[],
    };
    for (let r = 0; r < ROUNDS; r++) {
      console.log(`round ${r + 1} of ${ROUNDS}...`);
      const ours = async (): Promise<void> => {
        collectGarbage();
        rounds.redisPipelined.push(await withCpu('redisPipelined', 'node', () => pipelined(redis, CALLS_IN_FLIGHT)));
        collectGarbage();
        rounds.redisSingle.push((await oneByOne(redis, SINGLE_IN_FLIGHT)).perSec);
        collectGarbage();
        rounds.bareZadd.push(await withCpu('bareZadd', 'node', () => bareZadd(raw, BARE, CALLS_IN_FLIGHT)));
      };
      const theirs = async (): Promise<void> => {
        const run = (command: string[]): Rate => {
          const perSec = redisBenchmark(server.port, command);
          return { updates: BENCHMARK_REQUESTS, seconds: BENCHMARK_REQUESTS / perSec, perSec };
        };
        rounds.redisBenchmarkZadd.push(await withCpu('redisBenchmarkZadd', 'children', () => run(SPECIFIED)));
        rounds.redisBenchmarkRandomScores.push(await withCpu('redisBenchmarkRandomScores', 'children', () => run(RANDOM_SCORES)));
      };
      if (r % 2 === 0) {
        await ours();
        await theirs();
      } else {
        await theirs();
        await ours();
      }
      collectGarbage();
      rounds.memoryPipelined.push((await pipelined(memory, 1)).perSec);
      collectGarbage();
      rounds.memorySingle.push((await oneByOne(memory, 1)).perSec);
    }

    console.log('latencies...');
    // Idle and paced first: the flat-out writer leaves Redis and this process busy (rehashing,
    // garbage) for a while after it stops, which would count against whatever is timed next.
    const aroundRandom = (boards: Leaderboards) => () => boards.around(BOARD, randomUser(), RADIUS);
    const viewRandom = (boards: Leaderboards) => () => boards.view(BOARD, randomUser(), { top: 2 * RADIUS, around: RADIUS });
    const redisAroundIdle = await latency(LATENCY_SAMPLES, aroundRandom(reader));
    const redisViewIdle = await latency(LATENCY_SAMPLES, viewRandom(reader));
    const redisTop100 = await latency(LATENCY_SAMPLES / 5, () => reader.top(BOARD, 100));
    const redisAroundPaced = await whileWriting(redis, PACED_UPDATES_PER_SEC, () => latency(LATENCY_SAMPLES, aroundRandom(reader)));
    const redisViewPaced = await whileWriting(redis, PACED_UPDATES_PER_SEC, () => latency(LATENCY_SAMPLES, viewRandom(reader)));
    const memoryAround = await latency(LATENCY_SAMPLES, aroundRandom(memory));
    const memoryView = await latency(LATENCY_SAMPLES, viewRandom(memory));
    const memoryTop100 = await latency(LATENCY_SAMPLES / 5, () => memory.top(BOARD, 100));
    const redisAroundSaturated = await whileWriting(redis, undefined, () => latency(LATENCY_SAMPLES, aroundRandom(reader)));
    const redisEntriesSeconds = await timed(() => countEntries(reader));
    const memoryEntriesSeconds = await timed(() => countEntries(memory));

    const perSec = (values: number[]) => ({ median: round(median(values)), rounds: values.map((v) => round(v)) });
    const ratio = median(rounds.redisPipelined) / median(rounds.redisBenchmarkZadd);
    const movingRatio = median(rounds.redisPipelined) / median(rounds.redisBenchmarkRandomScores);
    const figures = {
      setup: {
        participants: PARTICIPANTS,
        pipelineDepth: DEPTH,
        setScoresCallsInFlight: CALLS_IN_FLIGHT,
        singleSetScoreInFlight: SINGLE_IN_FLIGHT,
        measureMs: MEASURE_MS,
        rounds: ROUNDS,
        aroundRadius: RADIUS,
        latencySamples: LATENCY_SAMPLES,
        redisBenchmark: `redis-benchmark -n 200000 -P ${DEPTH} -q (50 connections) -t zadd; and ${RANDOM_SCORES.join(' ')}`,
        loadAverageAtStart,
        loadAverageAtEnd: loadavg().map((l) => round(l)),
      },
      redis: {
        pipelinedSetScoresUpdatesPerSec: perSec(rounds.redisPipelined),
        singleSetScoreUpdatesPerSec: perSec(rounds.redisSingle),
        redisBenchmarkZaddPerSec: perSec(rounds.redisBenchmarkZadd),
        pipelinedVsRedisBenchmark: round(ratio),
        redisBenchmarkZaddRandomScores100kMembersPerSec: perSec(rounds.redisBenchmarkRandomScores),
        pipelinedVsRedisBenchmarkRandomScores: round(movingRatio),
        goal: {
          ratio: GOAL_RATIO,
          judgedOn: 'redis-benchmark ZADD with -r 100000 (every ZADD moves a member, as every leaderboard update does)',
          met: movingRatio >= GOAL_RATIO,
          againstTheDefaultNoOpZadd: { ratio: round(ratio), met: ratio >= GOAL_RATIO },
        },
        bareZaddOfTheSameUpdatesPerSec: perSec(rounds.bareZadd),
        cpuMicrosecondsPerOperation: Object.fromEntries(
          Object.entries(cpu).map(([name, samples]) => [name, { server: round(median(samples.map((c) => c.serverUs))), client: round(median(samples.map((c) => c.clientUs))), rounds: samples }]),
        ),
        pipelinedVsBareZadd: round(median(rounds.redisPipelined) / median(rounds.bareZadd)),
        load100kWithOneSetScoresSeconds: round(redisLoadSeconds),
        entriesAll100kSeconds: round(redisEntriesSeconds),
      },
      memory: {
        pipelinedSetScoresUpdatesPerSec: perSec(rounds.memoryPipelined),
        singleSetScoreUpdatesPerSec: perSec(rounds.memorySingle),
        load100kWithOneSetScoresSeconds: round(memoryLoadSeconds),
        entriesAll100kSeconds: round(memoryEntriesSeconds),
      },
      aroundLatency: {
        redisIdle: redisAroundIdle,
        redisWhileWritingPaced: redisAroundPaced,
        redisWhileWritingFlatOut: redisAroundSaturated,
        memory: memoryAround,
        goalP99Ms: GOAL_P99_MS,
        goalMet: redisAroundIdle.p99Ms <= GOAL_P99_MS && redisAroundPaced.p99Ms <= GOAL_P99_MS,
      },
      viewLatency: { redisIdle: redisViewIdle, redisWhileWritingPaced: redisViewPaced, memory: memoryView },
      top100Latency: { redis: redisTop100, memory: memoryTop100 },
    };
    report('leaderboard', figures);
    console.table([
      { yardstick: 'redis-benchmark -t zadd (default: one member, same score, a no-op after the first)', perSec: figures.redis.redisBenchmarkZaddPerSec.median, setScoresRatio: round(ratio), goal: `≥ ${GOAL_RATIO}`, met: ratio >= GOAL_RATIO },
      { yardstick: 'redis-benchmark -r 100000 zadd (random scores and members: every ZADD moves one)', perSec: figures.redis.redisBenchmarkZaddRandomScores100kMembersPerSec.median, setScoresRatio: round(movingRatio), goal: `≥ ${GOAL_RATIO}`, met: movingRatio >= GOAL_RATIO },
      { yardstick: 'bare variadic ZADDs of the same updates from Node (no hash, no MULTI)', perSec: figures.redis.bareZaddOfTheSameUpdatesPerSec.median, setScoresRatio: figures.redis.pipelinedVsBareZadd, goal: '-', met: '-' },
    ]);
    await redis.drop(BOARD);
  } finally {
    await Promise.allSettled([redis.close(), reader.close(), raw.quit(), memory.close()]);
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
