import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobQueue } from '../../../core/job-queue/types';
import { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store';
import { describeJobQueueContract } from '../job-queue.contract';
import { spawnChildWorker } from '../testing/child-worker';
import { SqliteJobQueue, SqliteJobQueueOptions } from './sqlite-job-queue';

const dir = mkdtempSync(join(tmpdir(), 'job-queue-'));
let files = 0;
const nextFile = () => join(dir, `jobs-${++files}.sqlite`);
const errors: Error[] = [];
const opened = new WeakMap<JobQueue, { file: string; options: SqliteJobQueueOptions }>();

function openAt(file: string, options: SqliteJobQueueOptions = {}): SqliteJobQueue {
  const queue = new SqliteJobQueue(file, { pollIntervalMs: 25, backoffMs: 20, onError: (error) => errors.push(error), ...options });
  opened.set(queue, { file, options });
  return queue;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeJobQueueContract('SQLite', async (options) => openAt(nextFile(), options), {
  restart: async (previous, mode) => {
    const at = opened.get(previous);
    if (!at || !(previous instanceof SqliteJobQueue)) throw new Error('not a queue of this spec');
    if (mode === 'crash') previous.crashForTesting();
    return openAt(at.file, at.options);
  },
});

describe('SQLite job queue', () => {
  const queues: SqliteJobQueue[] = [];
  const track = (queue: SqliteJobQueue) => (queues.push(queue), queue);
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const readOnly = (file: string) => new Database(file, { readonly: true, fileMustExist: true });

  it('keeps to tables named jobs*, in WAL mode, so it can share a file with an event store', async () => {
    const file = nextFile();
    const schemaNames = () => {
      const db = readOnly(file);
      const names = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).all().map((r) => r.name);
      db.close();
      return names;
    };
    const events = new SqliteEventStore(file);
    await events.appendToStream('user-1', [
      {
        type: 'Noted',
        data: { n: 1 },
        metadata: { eventId: 'e-1', correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
      },
    ]);
    const eventNames = schemaNames();
    const queue = track(openAt(file));
    const seen: unknown[] = [];
    queue.process('push', async (job) => void seen.push(job.payload));
    await queue.enqueue({ id: 'push-1', type: 'push', payload: { to: 'u-1' } });
    await queue.drained(5_000);
    expect(seen).toEqual([{ to: 'u-1' }]);
    await events.close();

    const added = schemaNames().filter((name) => !eventNames.includes(name));
    expect(added).toContain('jobs_outbox');
    expect(added.every((name) => name.startsWith('jobs'))).toBe(true);
    const db = readOnly(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare(`SELECT count(*) AS n FROM events`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('has the job in the file when enqueue resolves', async () => {
    const file = nextFile();
    const queue = track(openAt(file));
    await queue.enqueue({ id: 'durable-1', type: 'mail', payload: { a: 1 }, maxAttempts: 3, runAt: 1_900_000_000_000 });
    const db = readOnly(file);
    expect(db.prepare('SELECT id, type, payload, state, attempt, max_attempts, run_at FROM jobs_outbox').all()).toEqual([
      { id: 'durable-1', type: 'mail', payload: '{"a":1}', state: 'pending', attempt: 0, max_attempts: 3, run_at: 1_900_000_000_000 },
    ]);
    db.close();
  });

  it('runs a job again after the process running it was killed (SIGKILL), with the interrupted attempt counted', async () => {
    const file = nextFile();
    const queue = track(openAt(file));
    await queue.enqueue({ id: 'killed-1', type: 'webhook', payload: { url: 'https://example.com/hook' }, maxAttempts: 4 });
    const child = spawnChildWorker({ adapter: 'sqlite', location: file, type: 'webhook' });
    try {
      expect(await child.started).toEqual({ started: 'killed-1', attempt: 1 });
      expect(await queue.counts()).toMatchObject({ active: 1 });
    } finally {
      await child.kill();
    }
    const seen: Array<{ id: string; attempt: number; payload: unknown }> = [];
    // The dead child's lease has 30 s left, but its pid is gone: the job comes back at once.
    queue.process('webhook', async (job) => void seen.push({ id: job.id, attempt: job.attempt, payload: job.payload }));
    await queue.drained(5_000);
    expect(seen).toEqual([{ id: 'killed-1', attempt: 2, payload: { url: 'https://example.com/hook' } }]);
    expect(await queue.counts()).toMatchObject({ completed: 1, active: 0, dead: 0 });
  });

  it('takes back the jobs of gone workers at start: a dead pid at once, another host when its lease ran out, never a live worker', async () => {
    const file = nextFile();
    const setup = track(openAt(file));
    await setup.ping();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const now = Date.now();
    const db = new Database(file);
    const insert = db.prepare(
      `INSERT INTO jobs_outbox (id, type, payload, state, attempt, max_attempts, run_at, enqueued_at, locked_by, locked_until)
       VALUES (?, 'sweep', 'null', 'active', ?, ?, ?, ?, ?, ?)`,
    );
    insert.run('dead-pid', 1, 8, now, now, `${hostname()}/${deadPid}/a`, now + 3_600_000);
    insert.run('live-pid', 1, 8, now, now, `${hostname()}/${process.ppid}/b`, now + 3_600_000);
    insert.run('other-host-expired', 2, 8, now, now, 'elsewhere/123/c', now - 1);
    insert.run('other-host-leased', 1, 8, now, now, 'elsewhere/123/d', now + 3_600_000);
    insert.run('last-attempt', 3, 3, now, now, `${hostname()}/${deadPid}/e`, now + 3_600_000);
    db.close();

    const queue = track(openAt(file));
    const seen: string[] = [];
    queue.process('sweep', async (job) => void seen.push(`${job.id}#${job.attempt}`));
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 5_000;
      const poll = async () => {
        if (seen.length >= 2) return resolve();
        if (Date.now() > deadline) return reject(new Error(`only ${seen.join(', ')}`));
        setTimeout(() => void poll(), 10);
      };
      void poll();
    });
    await sleep(200);
    expect(seen.sort()).toEqual(['dead-pid#2', 'other-host-expired#3']);
    expect(await queue.counts()).toMatchObject({ active: 2, completed: 2, dead: 1 });
    const [dead] = await queue.deadLetters('sweep');
    expect(dead).toMatchObject({ id: 'last-attempt', attempts: 3, lastError: expect.stringMatching(/^interrupted: .*attempt 3.*process is gone/) });
  });

  it('does not take over a job that another open queue on the same file is running', async () => {
    const file = nextFile();
    const first = track(openAt(file));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    first.process('shared', async () => {
      runs.push('first');
      await gate;
    });
    await first.enqueue({ id: 'shared-1', type: 'shared', payload: null });
    while (runs.length === 0) await sleep(5);
    const second = track(openAt(file));
    second.process('shared', async () => void runs.push('second'));
    await sleep(300);
    expect(runs).toEqual(['first']);
    release();
    await second.drained(5_000);
    expect(runs).toEqual(['first']);
    expect(await second.counts()).toMatchObject({ completed: 1 });
  });

  it('keeps done jobs for dedupe for 7 days, then prunes them; dead jobs stay', async () => {
    let now = Date.now();
    const queue = track(openAt(nextFile(), { clock: () => now }));
    const runs: string[] = [];
    queue.process('digest', async (job) => {
      runs.push(job.id);
      if (job.id === 'broken') throw new Error('bad digest');
    });
    await queue.enqueue([
      { id: 'weekly-1', type: 'digest', payload: null },
      { id: 'broken', type: 'digest', payload: null, maxAttempts: 1 },
    ]);
    await queue.drained(5_000);
    now += 6 * 24 * 3_600_000;
    await sleep(100);
    await queue.enqueue({ id: 'weekly-1', type: 'digest', payload: null });
    await queue.drained(5_000);
    expect(runs.sort()).toEqual(['broken', 'weekly-1']);

    now += 2 * 24 * 3_600_000; // 8 days after it was done: pruned at the next hourly prune
    for (let waited = 0; (await queue.counts()).completed > 0 && waited < 5_000; waited += 10) await sleep(10);
    expect(await queue.counts()).toMatchObject({ completed: 0, dead: 1 });
    await queue.enqueue({ id: 'weekly-1', type: 'digest', payload: null });
    await queue.drained(5_000);
    expect(runs.sort()).toEqual(['broken', 'weekly-1', 'weekly-1']);
    expect((await queue.deadLetters()).map((job) => job.id)).toEqual(['broken']);
  });

  it('closes after closeTimeoutMs when a handler hangs, and runs that job again at the next start', async () => {
    const file = nextFile();
    const closeErrors: string[] = [];
    const queue = openAt(file, { closeTimeoutMs: 100, onError: (error) => closeErrors.push(error.message) });
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    queue.process('hang', async () => {
      started = true;
      await hung;
    });
    await queue.enqueue({ id: 'hang-1', type: 'hang', payload: null });
    while (!started) await sleep(5);
    await queue.close();
    expect(closeErrors).toEqual([expect.stringMatching(/^1 job\(s\) still running after 100 ms/)]);
    release(); // its late outcome goes nowhere
    await sleep(20);

    const next = track(openAt(file));
    const attempts: number[] = [];
    next.process('hang', async (job) => void attempts.push(job.attempt));
    await next.drained(5_000);
    expect(attempts).toEqual([2]);
  });

  it('works from a process that handles nothing (the CLI): dead letters, retry, counts', async () => {
    const file = nextFile();
    const app = track(openAt(file));
    let healthy = false;
    app.process('store-api', async () => {
      if (!healthy) throw new Error('HTTP 503');
    });
    await app.enqueue({ id: 'order-7', type: 'store-api', payload: { order: 7 }, maxAttempts: 2 });
    await app.drained(5_000);

    const cli = track(openAt(file));
    expect(await cli.deadLetters()).toEqual([
      { id: 'order-7', type: 'store-api', payload: { order: 7 }, attempts: 2, lastError: 'HTTP 503', failedAt: expect.any(String) },
    ]);
    healthy = true;
    expect(await cli.retryDead('order-7')).toBe(true);
    await cli.close();
    // The app's worker finds the job on its next poll.
    await app.drained(5_000);
    expect(await app.counts()).toMatchObject({ completed: 1, dead: 0 });
  });

  it('reports no errors of its own during the suite', () => {
    expect(errors).toEqual([]);
  });
});
