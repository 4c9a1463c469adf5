import { join } from 'node:path';
import { workerScript } from '../../../../infra/threads/worker-script';
import { ActivityImportError } from '../activity-import-error';
import { ACTIVITY_CONTENT_TYPES } from '../content-types';
import { MAX_IMPORT_BYTES } from '../limits';
import { parseActivityFile } from '../parse-activity-file';
import { BROKEN_ACTIVITY_FIXTURES, GOOD_ACTIVITY_FIXTURES, readActivityFixture } from '../testing/fixtures';
import { largeGpx } from '../testing/large-gpx';
import { ActivityParserPool, type ActivityParserPoolOptions } from './activity-parser-pool';
import { ActivityParserCrashedError, ActivityParseTimeoutError, ImportQueueFullError, ParserPoolClosedError } from './parser-pool-errors';

const GPX = ACTIVITY_CONTENT_TYPES.gpx;
const pools: ActivityParserPool[] = [];

function openPool(options: Partial<ActivityParserPoolOptions> = {}): ActivityParserPool {
  const pool = new ActivityParserPool({ threads: 2, queueLimit: 4, timeoutMs: 30_000, ...options });
  pools.push(pool);
  return pool;
}

/** A pool whose threads hang, exit or throw on the files "hang", "exit" and "throw" (testing/misbehave-on-request.ts). */
function openMisbehavingPool(options: Partial<ActivityParserPoolOptions> = {}): ActivityParserPool {
  const script = workerScript(join(__dirname, 'testing'), 'misbehaving-parser-worker', __filename);
  return openPool({ script, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** Resolves when the pool has this many threads; the thread count settles once a terminated thread has exited. */
async function threadsSettleAt(pool: ActivityParserPool, threads: number): Promise<void> {
  for (const start = Date.now(); pool.stats().threads !== threads; ) {
    if (Date.now() - start > 10_000) throw new Error(`the pool has ${pool.stats().threads} threads, expected ${threads}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** How often a 5 ms timer fires while `work` runs. */
async function timerTicksDuring<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

describe('ActivityParserPool', () => {
  describe('reads files exactly as parseActivityFile does', () => {
    let pool: ActivityParserPool;
    beforeAll(() => {
      pool = new ActivityParserPool({ threads: 2, queueLimit: 4, timeoutMs: 30_000 });
    });
    afterAll(() => pool.close());

    it.each(GOOD_ACTIVITY_FIXTURES.map((f) => [f.file, f] as const))('%s', async (_, fixture) => {
      const inThread = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
      const pooled = await pool.parse(readActivityFixture(fixture), fixture.contentType);
      // Compared as JSON too: same keys in the same order, so that events serialise identically.
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(inThread));
      expect(pooled).toEqual(inThread);
    });

    const broken: Array<[string, Buffer, string]> = [
      ...BROKEN_ACTIVITY_FIXTURES.map((f): [string, Buffer, string] => [f.file, readActivityFixture(f), f.contentType]),
      ['a GPX that is not well-formed', Buffer.from('<gpx><trk>'), GPX],
      ['a TCX sent as GPX', readActivityFixture('garmin_connect.tcx'), GPX],
      ['a FIT file the decoder fails on', corruptedFit(), ACTIVITY_CONTENT_TYPES.fit],
      ['a FIT file that is not FIT', Buffer.from('hello'), ACTIVITY_CONTENT_TYPES.fit],
    ];
    it.each(broken)('refuses %s with the same ActivityImportError', async (_, body, contentType) => {
      const expected = await rejection(parseActivityFile(body, contentType));
      const error = await rejection(pool.parse(body, contentType));
      expect(error).toBeInstanceOf(ActivityImportError);
      expect(expected).toBeInstanceOf(ActivityImportError);
      expect({ ...error, name: error.name, message: error.message }).toEqual({ ...expected, name: expected.name, message: expected.message });
      expect('cause' in error).toBe('cause' in expected);
    });

    it('refuses a bad content type, an empty file and an oversized one at once, without a thread', async () => {
      const pool = openPool();
      const refusals = await Promise.all([
        rejection(pool.parse(Buffer.from('<gpx/>'), 'text/plain')),
        rejection(pool.parse(Buffer.alloc(0), GPX)),
        rejection(pool.parse(Buffer.alloc(MAX_IMPORT_BYTES + 1), GPX)),
      ]);
      expect(refusals.map((e) => e instanceof ActivityImportError && e.code)).toEqual(['unsupported_media_type', 'malformed_file', 'too_large']);
      expect(pool.stats().threads).toBe(0);
    });
  });

  describe('the body', () => {
    it('is moved to the thread when asked and the Buffer owns its memory', async () => {
      const body = Buffer.from(readActivityFixture('run.gpx')); // large enough to own its memory
      const copy = Buffer.from(body);
      const activity = await openPool().parse(body, GPX, { transfer: true });
      expect(body.length).toBe(0);
      expect(activity).toEqual(await parseActivityFile(copy, GPX));
    });

    it('is copied when not asked to move it, or when the Buffer is a slice of a shared pool', async () => {
      const pool = openPool();
      const kept = readActivityFixture('run.gpx');
      await pool.parse(kept, GPX);
      expect(kept.length).toBeGreaterThan(0);
      const pooled = Buffer.from('<gpx/>'); // small Buffers are slices of Node's shared allocation pool
      expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
      await rejection(pool.parse(pooled, GPX, { transfer: true }));
      expect(pooled.toString()).toBe('<gpx/>');
    });
  });

  it('keeps the event loop answering while it reads a large file', async () => {
    const body = largeGpx(8_000); // about 1.9 MB
    const pool = openPool();
    await pool.parse(readActivityFixture('strava.gpx'), GPX); // a started thread
    const inThread = await timerTicksDuring(() => parseActivityFile(body, GPX));
    const pooled = await timerTicksDuring(() => pool.parse(body, GPX));
    expect(pooled.result.points).toHaveLength(8_000);
    // Parsed in this thread, the timer cannot fire until the parse is over; in the pool it keeps ticking.
    expect(inThread.ticks).toBe(0);
    expect(pooled.ticks).toBeGreaterThanOrEqual(5);
  });

  it('ends a thread that has read a large file, to give its memory back, and keeps one that read a small file', async () => {
    const pool = openPool({ threads: 1, retireAfterFileBytes: 10_000 });
    await pool.parse(readActivityFixture('run.gpx'), GPX); // 65 KiB
    await threadsSettleAt(pool, 0);
    await pool.parse(readActivityFixture('strava.gpx'), GPX); // 3 KiB
    expect(pool.stats()).toEqual({ threads: 1, busy: 0, waiting: 0 });
  });

  describe('a file that takes too long', () => {
    it('is refused when the time limit is up, not before, and its thread is replaced', async () => {
      const pool = openMisbehavingPool({ threads: 1, timeoutMs: 1500 });
      let refused = false;
      const outcome = rejection(pool.parse(Buffer.from('hang'), GPX)).finally(() => (refused = true));
      // Set in the same tick as the limit's timer and due before it, so it fires first however busy the machine is.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(refused).toBe(false);
      const error = await outcome;
      expect(error).toBeInstanceOf(ActivityParseTimeoutError);
      expect(error).toMatchObject({ timeoutMs: 1500, message: expect.stringContaining('longer than 1.5 s') });
      await threadsSettleAt(pool, 0);
      await expect(pool.parse(readActivityFixture('run.gpx'), GPX)).resolves.toMatchObject({ points: { length: 206 } });
      expect(pool.stats()).toEqual({ threads: 1, busy: 0, waiting: 0 });
    });

    it('does not hold up the files waiting behind it for longer than the limit', async () => {
      const pool = openMisbehavingPool({ threads: 1, timeoutMs: 1500 });
      const stuck = rejection(pool.parse(Buffer.from('hang'), GPX));
      const waiting = pool.parse(readActivityFixture('run.gpx'), GPX);
      expect(pool.stats()).toEqual({ threads: 1, busy: 1, waiting: 1 });
      expect(await stuck).toBeInstanceOf(ActivityParseTimeoutError);
      await expect(waiting).resolves.toMatchObject({ points: { length: 206 } });
    });
  });

  describe('a thread that fails', () => {
    it.each([
      ['exits', 'exit', /stopped unexpectedly while reading the file: it exited with code 7/],
      ['throws outside a parse', 'throw', /stopped unexpectedly while reading the file: the test worker broke/],
    ])('%s: the file gets a clear error and the next file a new thread', async (_, file, message) => {
      const pool = openMisbehavingPool({ threads: 1 });
      const error = await rejection(pool.parse(Buffer.from(file), GPX));
      expect(error).toBeInstanceOf(ActivityParserCrashedError);
      expect(error.message).toMatch(message);
      await threadsSettleAt(pool, 0);
      await expect(pool.parse(readActivityFixture('strava.gpx'), GPX)).resolves.toMatchObject({ points: { length: 3 } });
    });

    it('that cannot start refuses the file instead of leaving it waiting', async () => {
      const pool = openPool({ script: { filename: join(__dirname, 'no-such-worker.js'), execArgv: undefined } });
      const error = await rejection(pool.parse(readActivityFixture('strava.gpx'), GPX));
      expect(error).toBeInstanceOf(ActivityParserCrashedError);
      expect(error.message).toMatch(/Cannot find module/);
    });
  });

  describe('when every thread is busy', () => {
    it('lets files wait in line up to the limit and refuses the next', async () => {
      const pool = openMisbehavingPool({ threads: 1, queueLimit: 2, timeoutMs: 2000 });
      const stuck = rejection(pool.parse(Buffer.from('hang'), GPX));
      const waiting = [pool.parse(readActivityFixture('run.gpx'), GPX), pool.parse(readActivityFixture('strava.gpx'), GPX)];
      const refused = await rejection(pool.parse(readActivityFixture('strava.gpx'), GPX));
      expect(refused).toBeInstanceOf(ImportQueueFullError);
      expect(refused.message).toBe('the server is already reading 3 activity files; try again in a minute');
      expect(await stuck).toBeInstanceOf(ActivityParseTimeoutError);
      const [run, strava] = await Promise.all(waiting);
      expect([run.points.length, strava.points.length]).toEqual([206, 3]);
    });

    it('refuses at once with no line at all (limit 0)', async () => {
      const pool = openMisbehavingPool({ threads: 1, queueLimit: 0, timeoutMs: 2000 });
      const stuck = rejection(pool.parse(Buffer.from('hang'), GPX));
      expect(await rejection(pool.parse(readActivityFixture('strava.gpx'), GPX))).toBeInstanceOf(ImportQueueFullError);
      await stuck;
    });
  });

  describe('closing', () => {
    it('stops every thread and refuses the files being read and waiting', async () => {
      const pool = openMisbehavingPool({ threads: 2, queueLimit: 1 });
      const outcomes = [
        rejection(pool.parse(Buffer.from('hang'), GPX)),
        rejection(pool.parse(Buffer.from('hang'), GPX)),
        rejection(pool.parse(readActivityFixture('strava.gpx'), GPX)),
      ];
      expect(pool.stats()).toEqual({ threads: 2, busy: 2, waiting: 1 });
      await pool.close();
      for (const error of await Promise.all(outcomes)) expect(error).toBeInstanceOf(ParserPoolClosedError);
      expect(pool.stats()).toEqual({ threads: 0, busy: 0, waiting: 0 });
      expect(await rejection(pool.parse(readActivityFixture('strava.gpx'), GPX))).toBeInstanceOf(ParserPoolClosedError);
    });

    it('stops idle threads too, and closing twice is harmless', async () => {
      const pool = openPool();
      await Promise.all([pool.parse(readActivityFixture('run.gpx'), GPX), pool.parse(readActivityFixture('strava.gpx'), GPX)]);
      expect(pool.stats().threads).toBe(2);
      await Promise.all([pool.close(), pool.close()]);
      expect(pool.stats().threads).toBe(0);
    });
  });
});

function corruptedFit(): Buffer {
  const body = Buffer.from(readActivityFixture('example.fit'));
  body.fill(0xab, 5000, 5200);
  return body;
}
