import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../config/settings';
import type { JobQueue } from '../../core/job-queue/types';
import { BullmqJobQueue } from './bullmq/bullmq-job-queue';
import { SqliteJobQueue } from './sqlite/sqlite-job-queue';

export type JobQueueSettings = Pick<Settings, 'dataDir' | 'redisUrl' | 'sqliteSynchronous' | 'jobBackoffMs' | 'jobMaxBackoffMs'>;

export interface OpenJobQueueOptions {
  /** Errors of the workers and connections, which retry by themselves (default: console.error). */
  onError?: (error: Error) => void;
}

/**
 * The job queue the settings choose: BullMQ on REDIS_URL when it is set, else the SQLite outbox in
 * `DATA_DIR/jobs.sqlite`, with the backoff of JOB_BACKOFF_MS and JOB_MAX_BACKOFF_MS. No worker runs
 * until `process` is called, so a process that only inspects or retries dead jobs (replay-tools)
 * opens it the same way as a server.
 */
export function openJobQueue(settings: JobQueueSettings, options: OpenJobQueueOptions = {}): JobQueue {
  const common = { backoffMs: settings.jobBackoffMs, maxBackoffMs: settings.jobMaxBackoffMs, onError: options.onError };
  if (settings.redisUrl) return BullmqJobQueue.create(settings.redisUrl, common);
  mkdirSync(settings.dataDir, { recursive: true });
  return new SqliteJobQueue(jobQueueFile(settings), {
    ...common,
    synchronous: settings.sqliteSynchronous,
    adoptOutboxFrom: join(settings.dataDir, LEGACY_OUTBOX_FILE),
  });
}

/**
 * The embedded outbox has a file of its own. It used to share the events file, and then its
 * worker's writes on the event loop (a claim every poll, enqueues, outcomes) waited for the event
 * store's writer thread to release the file's write lock: stalls of the whole event loop, as long
 * as a group commit, twice a second under load.
 */
export function jobQueueFile(settings: Pick<Settings, 'dataDir'>): string {
  return join(settings.dataDir, 'jobs.sqlite');
}

/** Where versions before the outbox had its own file kept it: its jobs move to jobQueueFile() at open. */
const LEGACY_OUTBOX_FILE = 'events.sqlite';

/** One line for start-up logs and `describe()`: which adapter, where. */
export function describeJobQueue(settings: Pick<Settings, 'dataDir' | 'redisUrl' | 'sqliteSynchronous'>): string {
  if (settings.redisUrl) return 'BullMQ on Redis (REDIS_URL)';
  return `SQLite outbox (${jobQueueFile(settings)}, synchronous=${settings.sqliteSynchronous}) with an in-process worker`;
}
