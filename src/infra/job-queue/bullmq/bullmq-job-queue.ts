import { ErrorCode, Queue, Worker } from 'bullmq';
import type { Job as BullJob, JobsOptions, MinimalJob } from 'bullmq';
import Redis from 'ioredis';
import type { DeadJob, JobCounts, JobHandler, JobQueue, JobQueueOptions, JobSpec } from '../../../core/job-queue/types';
import {
  Backoff,
  checkConcurrency,
  DEFAULT_DRAIN_TIMEOUT_MS,
  errorMessage,
  KEEP_COMPLETED_MS,
  NormalisedSpec,
  normaliseSpecs,
  resolveBackoff,
  retryDelay,
  waitUntilDrained,
} from '../job-specs';
import { decodeJobId, encodeJobId, queueNameOf } from './bullmq-job-ids';

export interface BullmqJobQueueOptions extends JobQueueOptions {
  /** Prefix of every Redis key (BullMQ's `prefix`); `stride-jobs` by default. Tests use a unique one. */
  prefix?: string;
  /**
   * How long completed jobs are kept, so that enqueueing their id again is still a no-op.
   * 7 days by default. BullMQ evicts them only when a later job of the same type completes,
   * so the window is at least this long.
   */
  keepCompletedMs?: number;
  /** BullMQ's lockDuration: a worker that stops renewing its lock this long loses the job. 30 s by default. */
  lockDurationMs?: number;
  /** BullMQ's stalledInterval: how often workers look for jobs whose lock ran out. 30 s by default. */
  stalledIntervalMs?: number;
  /**
   * BullMQ's maxStalledCount: how many times a job may be picked up again after its worker died
   * before it is failed ("job stalled more than allowable limit") and so dead. 1 by default.
   */
  maxStalledCount?: number;
  /**
   * How long `close` waits for the workers to finish their active jobs. Past it (a handler that
   * hangs, or Redis unreachable so nothing can be recorded) the workers are disconnected; their
   * unfinished jobs are picked up again as stalled. 15 s by default.
   */
  closeTimeoutMs?: number;
  /**
   * A producer command (enqueue, counts, dead letters, ping) with no answer after this long fails,
   * as does one sent while the connection is down (after one reconnection attempt). 5 s by default.
   */
  commandTimeoutMs?: number;
  /** Errors of the workers and connections (Redis unreachable, …); BullMQ reconnects by itself. */
  onError?: (error: Error) => void;
}

/** What a BullMQ job holds: the port's id (also encoded in the BullMQ job id) and the payload. */
interface JobData {
  id: string;
  payload?: unknown;
}

/** A custom strategy: BullMQ's own `exponential` has no upper bound. */
const BACKOFF_TYPE = 'stride-exponential';
const DEFAULT_PREFIX = 'stride-jobs';
/**
 * ioredis waits this long for a socket to close after a disconnect before destroying it (2 s by
 * default), and when the socket had already failed that wait is a timer nothing clears: a closed
 * queue would keep the process alive for it.
 */
const DISCONNECT_TIMEOUT_MS = 200;
const STATES = ['wait', 'prioritized', 'waiting-children', 'active', 'delayed', 'completed', 'failed'] as const;

/**
 * The production job queue: one BullMQ Queue and (for the types this process handles) one Worker
 * per job type, the queue named after the type.
 *
 * - The BullMQ job id is the port's id (encoded, see bullmq-job-ids.ts), so adding an id that is
 *   waiting, active, delayed, completed (kept `keepCompletedMs`) or failed is ignored by BullMQ.
 * - `attempts` = maxAttempts, a capped exponential backoff, `delay` from runAt.
 * - Dead letters are the jobs in BullMQ's failed set, which only holds jobs after their last
 *   attempt (`removeOnFail: false` keeps them); `retryDead` is `job.retry('failed')` with the
 *   attempt counters reset.
 * - The types ever used under the prefix are kept in a Redis set (`<prefix>:job-types`), so that
 *   counts, dead letters and retries see every queue, also from a process that handles none
 *   (the CLI).
 * - Queues share one connection; each Worker has its own connections with
 *   `maxRetriesPerRequest: null`, as BullMQ requires for its blocking commands.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue<JobData>>();
  private readonly workers = new Map<string, JobWorker>();
  private readonly registeredTypes = new Set<string>();
  private readonly typesKey: string;
  private readonly backoff: Backoff;
  private readonly onError: (error: Error) => void;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly redisUrl: string,
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly options: BullmqJobQueueOptions,
  ) {
    this.typesKey = `${prefix}:job-types`;
    this.backoff = resolveBackoff(options);
    this.onError = options.onError ?? ((error) => console.error(`job queue (BullMQ): ${error.message}`));
  }

  /** Connects in the background; the first command waits for the connection. */
  static create(redisUrl: string, options: BullmqJobQueueOptions = {}): BullmqJobQueue {
    const prefix = options.prefix ?? DEFAULT_PREFIX;
    // The producers' connection fails fast: an enqueue during an outage rejects (the saga retries
    // it) instead of waiting for Redis (ioredis 6's defaults would retry a command for ~70 s).
    const client = new Redis(redisUrl, {
      connectionName: `${prefix}:queues`,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 5_000,
      disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    });
    const queue = new BullmqJobQueue(redisUrl, client, prefix, options);
    // Failures surface as rejected commands; without a listener ioredis would log each reconnect.
    client.on('error', () => undefined);
    return queue;
  }

  async enqueue(jobs: JobSpec | readonly JobSpec[]): Promise<void> {
    this.assertOpen();
    const now = Date.now();
    const specs = normaliseSpecs(jobs, now);
    if (specs.length === 0) return;
    const byType = new Map<string, NormalisedSpec[]>();
    for (const spec of specs) {
      const ofType = byType.get(spec.type);
      if (ofType) ofType.push(spec);
      else byType.set(spec.type, [spec]);
    }
    await this.registerTypes([...byType.keys()]);
    await Promise.all(
      [...byType].map(async ([type, list]) =>
        (await this.queueFor(type)).addBulk(
          list.map((spec) => ({ name: type, data: { id: spec.id, payload: spec.payload }, opts: this.jobOptions(spec, now) })),
        ),
      ),
    );
  }

  private jobOptions(spec: NormalisedSpec, now: number): JobsOptions {
    return {
      jobId: encodeJobId(spec.id),
      attempts: spec.maxAttempts,
      backoff: { type: BACKOFF_TYPE, delay: this.backoff.backoffMs },
      delay: Math.max(0, spec.runAt - now),
      removeOnComplete: { age: Math.ceil((this.options.keepCompletedMs ?? KEEP_COMPLETED_MS) / 1000) },
      removeOnFail: false,
    };
  }

  process<TPayload>(type: string, handler: JobHandler<TPayload>, options: { concurrency?: number } = {}): void {
    this.assertOpen();
    if (this.workers.has(type)) throw new Error(`job type ${type} already has a handler`);
    const concurrency = checkConcurrency(type, options.concurrency);
    const worker = new JobWorker(
      queueNameOf(type),
      async (job: BullJob<JobData>) => {
        try {
          await handler({
            id: job.data.id ?? decodeJobId(job.id ?? ''),
            type,
            // The enqueuer of this type put a TPayload there.
            payload: job.data.payload as TPayload,
            attempt: job.attemptsMade + 1,
            maxAttempts: job.opts.attempts ?? 1,
          });
        } catch (error) {
          // BullMQ records `error.message` as the failed reason; give it an Error whatever was thrown.
          throw error instanceof Error ? error : new Error(errorMessage(error));
        }
      },
      {
        connection: { url: this.redisUrl, maxRetriesPerRequest: null, disconnectTimeout: DISCONNECT_TIMEOUT_MS },
        prefix: this.prefix,
        concurrency,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        maxStalledCount: this.options.maxStalledCount ?? 1,
        settings: { backoffStrategy: (attemptsMade, _type, error, job) => this.retryDelay(attemptsMade, job, error) },
      },
    );
    worker.on('error', (error) => this.onError(error));
    this.workers.set(type, worker);
    this.registerTypes([type]).catch((error: unknown) => this.report(error));
  }

  /** `attemptsMade` counts the attempt that just failed (1 after the first); `error` is what it threw. */
  private retryDelay(attemptsMade: number, job: MinimalJob | undefined, error: Error | undefined): number {
    const backoff = job?.opts.backoff;
    const base = typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : this.backoff.backoffMs;
    return retryDelay(attemptsMade, { backoffMs: base, maxBackoffMs: Math.max(base, this.backoff.maxBackoffMs) }, error);
  }

  async deadLetters(type?: string): Promise<DeadJob[]> {
    this.assertOpen();
    const types = (await this.knownTypes()).filter((known) => type === undefined || known === type);
    const dead: DeadJob[] = [];
    for (const known of types) {
      for (const job of await (await this.queueFor(known)).getFailed(0, -1)) {
        if (!job) continue;
        dead.push({
          id: job.data?.id ?? decodeJobId(job.id ?? ''),
          type: known,
          payload: job.data?.payload,
          attempts: Math.max(job.attemptsMade, job.attemptsStarted ?? 0),
          lastError: job.failedReason ?? '',
          failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
        });
      }
    }
    return dead.sort((a, b) => (a.failedAt < b.failedAt ? -1 : a.failedAt > b.failedAt ? 1 : 0));
  }

  async retryDead(id: string): Promise<boolean> {
    this.assertOpen();
    for (const type of await this.knownTypes()) {
      const job = await (await this.queueFor(type)).getJob(encodeJobId(id));
      if (!job || (await job.getState()) !== 'failed') continue;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      } catch (error) {
        // Someone else retried (or removed) it between our read and the retry.
        const code = (error as { code?: unknown }).code;
        if (code === ErrorCode.JobNotInState || code === ErrorCode.JobNotExist) continue;
        throw error;
      }
    }
    return false;
  }

  async counts(): Promise<JobCounts> {
    this.assertOpen();
    const total: JobCounts = { waiting: 0, active: 0, delayed: 0, completed: 0, dead: 0 };
    for (const type of await this.knownTypes()) {
      const counts = await (await this.queueFor(type)).getJobCounts(...STATES);
      const n = (state: (typeof STATES)[number]) => counts[state] ?? 0;
      total.waiting += n('wait') + n('prioritized') + n('waiting-children');
      total.active += n('active');
      total.delayed += n('delayed');
      total.completed += n('completed');
      total.dead += n('failed');
    }
    return total;
  }

  async drained(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<void> {
    this.assertOpen();
    await waitUntilDrained(
      async () => {
        this.assertOpen();
        const counts = await this.counts();
        return counts.waiting + counts.delayed + counts.active === 0;
      },
      timeoutMs,
      async () => JSON.stringify(await this.counts()),
    );
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.client.ping();
  }

  /** Workers first (each waits for its active jobs, up to closeTimeoutMs), then the queues, then the shared connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const timeoutMs = this.options.closeTimeoutMs ?? 15_000;
      await Promise.all([...this.workers].map(([type, worker]) => this.closeWorker(type, worker, timeoutMs)));
      await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
      if (this.client.status === 'ready') await this.client.quit().catch(() => this.client.disconnect());
      else this.client.disconnect();
    })();
    return this.closing;
  }

  private async closeWorker(type: string, worker: JobWorker, timeoutMs: number): Promise<void> {
    // With Redis down a graceful close cannot record anything and would wait for it forever.
    const graceful = this.client.status === 'ready';
    const closed = worker.close(!graceful).then(
      () => true,
      () => true,
    );
    if (await within(closed, timeoutMs)) return;
    this.onError(
      new Error(`the worker of ${type} did not close within ${timeoutMs} ms (a handler still running, or Redis unreachable); dropping it, its unfinished jobs will run again`),
    );
    await worker.abandon();
    await within(closed, 1_000);
  }

  /**
   * For tests: what a process death leaves behind. Workers stop at once (BullMQ's forced close):
   * their active jobs keep their locks until the locks run out, then a worker of another
   * process finds them stalled and runs them again. Handlers still running are abandoned.
   */
  async crashForTesting(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      await Promise.allSettled([...this.workers.values()].map((worker) => worker.close(true)));
      for (const queue of this.queues.values()) void queue.close().catch(() => undefined);
      this.client.disconnect();
    })();
    return this.closing;
  }

  /**
   * A Queue made while the connection is down would wait for Redis forever (BullMQ waits for the
   * connection to be ready before its first command), so one is only made on a ready connection.
   */
  private async queueFor(type: string): Promise<Queue<JobData>> {
    let queue = this.queues.get(type);
    if (!queue) {
      if (this.client.status !== 'ready') await this.client.ping();
      queue = this.queues.get(type);
    }
    if (!queue) {
      queue = new Queue<JobData>(queueNameOf(type), { connection: this.client, prefix: this.prefix });
      queue.on('error', (error) => this.onError(error));
      this.queues.set(type, queue);
    }
    return queue;
  }

  /** Records the types in Redis before their first job is added, so no queue goes unlisted. */
  private async registerTypes(types: readonly string[]): Promise<void> {
    const fresh = types.filter((type) => !this.registeredTypes.has(type));
    if (fresh.length === 0) return;
    await this.client.sadd(this.typesKey, ...fresh);
    for (const type of fresh) this.registeredTypes.add(type);
  }

  private async knownTypes(): Promise<string[]> {
    const stored = await this.client.smembers(this.typesKey);
    return [...new Set([...stored, ...this.registeredTypes])].sort();
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('job queue is closed');
  }

  private report(error: unknown): void {
    this.onError(error instanceof Error ? error : new Error(errorMessage(error)));
  }
}

/** BullMQ's Worker, plus a way out when its graceful close cannot finish. */
class JobWorker extends Worker<JobData> {
  /**
   * Stops renewing locks and drops the connections without waiting. Not `disconnect()`: with
   * Redis down it waits for an 'end' event of the first connection that never comes, and never
   * reaches the blocking one. Dropped connections stop reconnecting, and a stopped lock manager
   * was the last timer a stuck graceful close leaves behind.
   */
  async abandon(): Promise<void> {
    await this.lockManager.close();
    const backend = this.getBackend();
    const connections = [backend.blockingConnection, backend.connection].flatMap((connection) => (connection ? [connection] : []));
    await within(Promise.allSettled(connections.map((connection) => connection.disconnect(false))), 1_000);
  }
}

/** Whether `promise` settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
