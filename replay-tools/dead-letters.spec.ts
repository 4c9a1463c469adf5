import { join } from 'node:path';
import { SqliteJobQueue } from '../src/infra/job-queue/sqlite/sqlite-job-queue';
import { dispatch } from './dispatch';
import { contextFor, Fixture, openFixture } from './testing';

describe('replay-tools dead-letters', () => {
  let fixture: Fixture;
  let jobQueue: SqliteJobQueue;
  let healthy: boolean;

  beforeEach(async () => {
    fixture = openFixture();
    healthy = false;
    jobQueue = new SqliteJobQueue(join(fixture.dir, 'events.sqlite'), { backoffMs: 1, pollIntervalMs: 20 });
    jobQueue.process('push-delivery', async () => {
      if (!healthy) throw new Error('APNs answered 503\nretry-after: 30');
    });
    jobQueue.process('store-api', async () => {
      if (!healthy) throw new Error('HTTP 500');
    });
  });
  afterEach(async () => {
    await jobQueue.close();
    await fixture.close();
  });

  async function killSomeJobs(): Promise<void> {
    await jobQueue.enqueue([
      { id: 'push-1', type: 'push-delivery', payload: { userId: 'u-1', text: 'Kudos!' }, maxAttempts: 2 },
      { id: 'order-7', type: 'store-api', payload: { order: 7, account: { password_hash: 'secret' } }, maxAttempts: 1 },
    ]);
    await jobQueue.drained(5_000);
  }

  const context = (extra = {}) => contextFor(fixture, { jobQueue, ...extra });

  it('says so when there are no dead jobs', async () => {
    const ctx = context();
    expect(await dispatch(['dead-letters'], ctx)).toBe(0);
    expect(ctx.captured.out).toEqual(['no dead jobs']);
    const typed = context();
    expect(await dispatch(['dead-letters', '--type', 'push-delivery'], typed)).toBe(0);
    expect(typed.captured.out).toEqual(['no dead jobs of type push-delivery']);
    const json = context();
    expect(await dispatch(['dead-letters', '--json'], json)).toBe(0);
    expect(json.captured.out).toEqual([]);
  });

  it('lists every dead job with its id, type, attempts, failure time, last error and payload (credentials redacted)', async () => {
    await killSomeJobs();
    const ctx = context();
    expect(await dispatch(['dead-letters'], ctx)).toBe(0);
    const text = ctx.captured.out.join('\n');
    expect(text).toMatch(/^2 dead jobs$/m);
    expect(text).toMatch(/^push-1\n {2}type +push-delivery\n {2}attempts +2\n {2}failedAt +\d{4}-\d\d-\d\dT[\d:.]+Z\n {2}lastError +APNs answered 503\n +retry-after: 30\n {2}payload +\{"userId":"u-1","text":"Kudos!"\}$/m);
    expect(text).toMatch(/^order-7\n {2}type +store-api\n {2}attempts +1\n/m);
    expect(text).toContain('"password_hash":"[redacted]"');
    expect(text).not.toContain('secret');
    expect(ctx.captured.err).toEqual([]);
  });

  it('filters by --type and prints one JSON object per line with --json', async () => {
    await killSomeJobs();
    const ctx = context();
    expect(await dispatch(['dead-letters', '--type', 'store-api', '--json'], ctx)).toBe(0);
    expect(ctx.captured.out).toHaveLength(1);
    const job: unknown = JSON.parse(ctx.captured.out[0]);
    expect(job).toEqual({
      id: 'order-7',
      type: 'store-api',
      attempts: 1,
      failedAt: expect.stringMatching(/Z$/),
      lastError: 'HTTP 500',
      payload: { order: 7, account: { password_hash: '[redacted]' } },
    });
    expect(Object.keys(job as object)).toEqual(['id', 'type', 'attempts', 'failedAt', 'lastError', 'payload']);

    const text = context();
    expect(await dispatch(['dead-letters', '--type', 'push-delivery'], text)).toBe(0);
    expect(text.captured.out[0]).toBe('1 dead job of type push-delivery');
    expect(text.captured.out.join('\n')).not.toContain('order-7');
  });

  it('puts a dead job back with retry <id>; the worker then handles it', async () => {
    await killSomeJobs();
    healthy = true;
    const ctx = context();
    expect(await dispatch(['dead-letters', 'retry', 'push-1'], ctx)).toBe(0);
    expect(ctx.captured.out).toEqual(['job push-1 is back in the queue with fresh attempts']);
    await jobQueue.drained(5_000);
    expect((await jobQueue.deadLetters()).map((job) => job.id)).toEqual(['order-7']);
    expect(await jobQueue.counts()).toMatchObject({ completed: 1, dead: 1 });

    const again = context();
    expect(await dispatch(['dead-letters', 'retry', 'push-1'], again)).toBe(1);
    expect(again.captured.err).toEqual(['error: no dead job has the id "push-1" (see replay-tools dead-letters)']);
  });

  it.each([
    [['dead-letters', 'retry'], 'missing <id>'],
    [['dead-letters', 'retry', 'a', 'b'], 'unexpected argument "b"'],
    [['dead-letters', 'retry', 'a', '--json'], 'retry takes no options'],
    [['dead-letters', 'resurrect', 'a'], 'unexpected argument "resurrect"'],
    [['dead-letters', '--type'], '--type needs a value'],
    [['dead-letters', '--type', ''], '--type needs a non-empty value'],
    [['dead-letters', '--all'], 'unknown option "--all"'],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const ctx = context();
    expect(await dispatch(argv, ctx)).toBe(2);
    expect(ctx.captured.err.join('\n')).toContain(message);
    expect(ctx.captured.out).toEqual([]);
  });

  it('prints its help', async () => {
    const ctx = context();
    expect(await dispatch(['dead-letters', '--help'], ctx)).toBe(0);
    expect(ctx.captured.out[0]).toBe('Usage: replay-tools dead-letters [--type <type>] [--json]');
  });

  it('exits 1 when no job queue is configured', async () => {
    const ctx = contextFor(fixture);
    expect(await dispatch(['dead-letters'], ctx)).toBe(1);
    expect(ctx.captured.err).toEqual(['error: no job queue is configured for this command']);
  });
});
