import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobQueue } from '../../core/job-queue/types';
import { jobQueueFile, JobQueueSettings, openJobQueue } from './open-job-queue';
import { prepareJobTables } from './sqlite/sqlite-job-schema';

describe('the embedded job queue as the app opens it', () => {
  let dataDir: string;
  let settings: JobQueueSettings;
  const opened: JobQueue[] = [];
  const open = () => {
    const queue = openJobQueue(settings);
    opened.push(queue);
    return queue;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'open-job-queue-'));
    settings = { dataDir, sqliteSynchronous: 'FULL', jobBackoffMs: 20, jobMaxBackoffMs: 100 };
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its outbox out of the events file: a write lock held on that file holds up none of its work', async () => {
    const events = new Database(join(dataDir, 'events.sqlite'));
    events.pragma('journal_mode = WAL');
    events.exec('CREATE TABLE events (position INTEGER PRIMARY KEY)');
    // What the event store's writer thread does all the time under load.
    events.exec('BEGIN IMMEDIATE');
    try {
      const queue = open();
      const seen: unknown[] = [];
      queue.process('push', async (job) => void seen.push(job.payload));
      await queue.enqueue({ id: 'push-1', type: 'push', payload: { to: 'u-1' } });
      await queue.drained(10_000);
      expect(seen).toEqual([{ to: 'u-1' }]);
      expect(await queue.counts()).toMatchObject({ completed: 1 });
    } finally {
      events.exec('COMMIT');
      events.close();
    }
    expect(jobQueueFile(settings)).toBe(join(dataDir, 'jobs.sqlite'));
  });

  it('takes over the jobs an earlier version kept in the events file, and leaves the events alone', async () => {
    const legacy = new Database(join(dataDir, 'events.sqlite'));
    legacy.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, type TEXT)');
    legacy.prepare('INSERT INTO events (type) VALUES (?)').run('WorkoutStarted');
    prepareJobTables(legacy, 'FULL');
    const insert = legacy.prepare(
      `INSERT INTO jobs_outbox (id, type, payload, state, attempt, max_attempts, run_at, enqueued_at, last_error, finished_at)
       VALUES (?, 'push', ?, ?, ?, 8, 0, 0, ?, ?)`,
    );
    // Finished an hour ago: inside the 7-day dedupe window.
    const finishedAt = Date.now() - 3_600_000;
    insert.run('push-done', '{"n":0}', 'done', 1, null, finishedAt);
    insert.run('push-waiting', '{"n":1}', 'pending', 0, null, null);
    insert.run('push-dead', '{"n":2}', 'dead', 8, 'HTTP 503', finishedAt);
    legacy.close();

    const queue = open();
    const seen: unknown[] = [];
    queue.process('push', async (job) => void seen.push(job.payload));
    // Done before the move: its id still dedupes.
    await queue.enqueue({ id: 'push-done', type: 'push', payload: { n: 'again' } });
    await queue.drained(10_000);
    expect(seen).toEqual([{ n: 1 }]);
    expect((await queue.deadLetters()).map((job) => [job.id, job.lastError])).toEqual([['push-dead', 'HTTP 503']]);

    const after = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const tables = after.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map((row) => row.name);
    expect(tables).toEqual(['events']);
    expect(after.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    after.close();

    // Opened again, there is nothing left to move and nothing runs twice.
    await queue.close();
    const reopened = open();
    reopened.process('push', async (job) => void seen.push(job.payload));
    await reopened.drained(10_000);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await reopened.counts()).toMatchObject({ completed: 2, dead: 1 });
  });
});
