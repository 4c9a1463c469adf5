import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { JobQueue } from '../../../core/job-queue/types';
import { RedisServer, startRedis } from '../../../../test/support/redis-server';
import { describeJobQueueContract } from '../job-queue.contract';
import { spawnChildWorker } from '../testing/child-worker';
import { decodeJobId, encodeJobId } from './bullmq-job-ids';
import { BullmqJobQueue, BullmqJobQueueOptions } from './bullmq-job-queue';

let redis: RedisServer | undefined;
const errors: Error[] = [];
const opened = new WeakMap<JobQueue, { prefix: string; options: BullmqJobQueueOptions }>();

function redisUrl(): string {
  if (!redis) throw new Error('redis-server is not running');
  return redis.url;
}

/** Short locks, so that a job of a dead worker is found stalled within about two seconds. */
function openAt(prefix: string, options: BullmqJobQueueOptions = {}): BullmqJobQueue {
  const queue = BullmqJobQueue.create(redisUrl(), {
    backoffMs: 20,
    lockDurationMs: 1_000,
    stalledIntervalMs: 300,
    onError: (error) => errors.push(error),
    ...options,
    prefix,
  });
  opened.set(queue, { prefix, options });
  return queue;
}

const uniquePrefix = () => `test-jobs-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describeJobQueueContract('BullMQ', async (options) => openAt(uniquePrefix(), options), {
  restart: async (previous, mode) => {
    const at = opened.get(previous);
    if (!at || !(previous instanceof BullmqJobQueue)) throw new Error('not a queue of this spec');
    if (mode === 'crash') await previous.crashForTesting();
    return openAt(at.prefix, at.options);
  },
});

describe('BullMQ job queue', () => {
  const queues: JobQueue[] = [];
  const track = <Q extends JobQueue>(queue: Q) => (queues.push(queue), queue);
  let raw: Redis;
  beforeAll(() => {
    raw = new Redis(redisUrl());
  });
  afterAll(async () => {
    await raw.quit();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
  });

  it('encodes ids so BullMQ takes every one, reversibly', () => {
    for (const id of ['42', '-7', 'a:b', 'a:b:c', 'meta', '%3A', '#', 'x%y:z', 'ünï']) {
      const encoded = encodeJobId(id);
      expect(encoded).not.toContain(':');
      expect(`${parseInt(encoded, 10)}`).not.toBe(encoded);
      expect(decodeJobId(encoded)).toBe(id);
    }
    expect(encodeJobId('push-3f1c')).toBe('#push-3f1c');
  });

  it('stores one BullMQ queue per type under the prefix; keeps completed jobs 7 days and failed ones for good', async () => {
    const prefix = uniquePrefix();
    const queue = track(openAt(prefix));
    queue.process('push', async () => undefined);
    queue.process('webhook', async () => {
      throw new Error('410 Gone');
    });
    await queue.enqueue([
      { id: 'evt-1:push', type: 'push', payload: { to: 'u-1' } },
      { id: 'evt-1:webhook', type: 'webhook', payload: { url: 'https://example.com' }, maxAttempts: 2 },
    ]);
    await queue.drained(10_000);
    expect(await raw.smembers(`${prefix}:job-types`)).toEqual(expect.arrayContaining(['push', 'webhook']));
    expect(await raw.exists(`${prefix}:push:#evt-1%3Apush`)).toBe(1);

    const inspect = new Queue('webhook', { connection: { url: redisUrl() }, prefix });
    const failed = await inspect.getJob('#evt-1%3Awebhook');
    expect(failed?.opts).toMatchObject({ attempts: 2, removeOnFail: false, removeOnComplete: { age: 7 * 24 * 3600 } });
    expect(await failed?.getState()).toBe('failed');
    await inspect.close();
  });

  it('sees dead letters of every type from a process that handles none (the CLI), and retries them there', async () => {
    const prefix = uniquePrefix();
    const app = track(openAt(prefix));
    let healthy = false;
    app.process('store-api', async () => {
      if (!healthy) throw new Error('HTTP 503');
    });
    await app.enqueue({ id: 'order-7', type: 'store-api', payload: { order: 7 }, maxAttempts: 2 });
    await app.drained(10_000);

    const cli = track(openAt(prefix));
    expect(await cli.deadLetters()).toEqual([
      { id: 'order-7', type: 'store-api', payload: { order: 7 }, attempts: 2, lastError: 'HTTP 503', failedAt: expect.any(String) },
    ]);
    expect(await cli.counts()).toMatchObject({ dead: 1 });
    healthy = true;
    expect(await cli.retryDead('order-7')).toBe(true);
    await app.drained(10_000);
    expect(await cli.counts()).toMatchObject({ completed: 1, dead: 0 });
  });

  it('runs a job again after the process running it was killed (SIGKILL), once its lock ran out', async () => {
    const prefix = uniquePrefix();
    const queue = track(openAt(prefix));
    await queue.enqueue({ id: 'killed-1', type: 'webhook', payload: { url: 'https://example.com/hook' } });
    const child = spawnChildWorker({ adapter: 'bullmq', location: redisUrl(), type: 'webhook', prefix });
    try {
      expect(await child.started).toEqual({ started: 'killed-1', attempt: 1 });
      expect(await queue.counts()).toMatchObject({ active: 1 });
    } finally {
      await child.kill();
    }
    const seen: Array<{ id: string; payload: unknown }> = [];
    queue.process('webhook', async (job) => void seen.push({ id: job.id, payload: job.payload }));
    await queue.drained(15_000);
    expect(seen).toEqual([{ id: 'killed-1', payload: { url: 'https://example.com/hook' } }]);
    expect(await queue.counts()).toMatchObject({ completed: 1, active: 0, dead: 0 });
  });

  it('fails fast and closes at once when Redis is unreachable', async () => {
    const down = await startRedis();
    const url = down.url;
    await down.stop();
    const queue = BullmqJobQueue.create(url, { prefix: uniquePrefix(), onError: () => undefined });
    queue.process('push', async () => undefined);
    const started = Date.now();
    await expect(queue.enqueue({ id: 'push-1', type: 'push', payload: null })).rejects.toThrow();
    await expect(queue.ping()).rejects.toThrow();
    await expect(queue.counts()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    const closing = Date.now();
    await queue.close();
    expect(Date.now() - closing).toBeLessThan(2_000);
  });
});
