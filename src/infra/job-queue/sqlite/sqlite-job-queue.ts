import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DeadJob, Job, JobCounts, JobHandler, JobQueue, JobQueueOptions, JobSpec } from '../../../core/job-queue/types';
import {
  Backoff,
  backoffDelay,
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
import { adoptOutboxLeftIn, JobSqliteSynchronous, prepareJobTables } from './sqlite-job-schema';
import { TickBatch } from '../../batching/tick-batch';

export interface SqliteJobQueueOptions extends JobQueueOptions {
  /** FULL by default: an enqueue that resolved survives a power loss. */
  synchronous?: JobSqliteSynchronous;
  /**
   * A file an earlier version kept the outbox in (the events file): its jobs move into this one
   * when the queue opens (see adoptOutboxLeftIn).
   */
  adoptOutboxFrom?: string;
  /**
   * How often the worker looks for jobs it was not told about: enqueued by another process
   * (e.g. `replay-tools dead-letters retry`), or left behind by a worker that died. An enqueue in
   * this process and a delayed job falling due wake it at once. 500 ms by default.
   */
  pollIntervalMs?: number;
  /**
   * Lease on a claimed job, renewed while its handler runs. A job whose worker stopped renewing
   * (its process hung or died on another host) goes back to pending when the lease runs out.
   * A worker whose process is known to be gone (same host, pid no longer alive) loses its jobs at
   * once. 30 s by default.
   */
  lockMs?: number;
  /** How long done jobs are kept for dedupe before they are pruned; 7 days by default. */
  keepCompletedMs?: number;
  /**
   * How long `close` waits for running handlers. Past it the file is closed anyway and their
   * jobs stay active under this worker's name, so the next start runs them again. 15 s by default.
   */
  closeTimeoutMs?: number;
  /** Where failures of the worker loop itself go (a locked or full disk); the loop retries. */
  onError?: (error: Error) => void;
  /** For tests: the clock used for run_at, leases and pruning. */
  clock?: () => number;
}

interface ClaimedRow {
  id: string;
  type: string;
  payload: string | null;
  attempt: number;
  max_attempts: number;
}

interface ActiveRow {
  id: string;
  attempt: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
}

interface DeadRow {
  id: string;
  type: string;
  payload: string | null;
  attempt: number;
  last_error: string | null;
  finished_at: number | null;
}

interface CountsRow {
  waiting: number | null;
  delayed: number | null;
  active: number | null;
  completed: number | null;
  dead: number | null;
}

interface Registration {
  handler: JobHandler<unknown>;
  concurrency: number;
  running: number;
}

interface PendingEnqueue {
  specs: NormalisedSpec[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** A handler's outcome, waiting to be written with the others of its tick. */
interface PendingOutcome {
  job: Job<unknown>;
  failure: { error: unknown } | undefined;
  written: () => void;
}

const HOST = hostname();
/** Owners (`host/pid/uuid`) of the queues open in this process: any other owner with our pid is gone. */
const liveOwners = new Set<string>();
const PRUNE_INTERVAL_MS = 60 * 60_000;
const PRUNE_BATCH = 1_000;
const SWEEP_INTERVAL_MS = 1_000;

/**
 * The embedded job queue: a durable outbox table in SQLite and an in-process worker.
 *
 * - `enqueue` inserts with `INSERT OR IGNORE` on the id (dedupe) and resolves after the commit;
 *   enqueues from the same tick share one transaction (one fsync).
 * - The worker (started by the first `process`) claims due jobs of each type it handles, up to
 *   that type's concurrency, in one UPDATE (state active, attempt + 1, lease), runs the handler,
 *   then marks the job done, schedules a retry after an exponential backoff, or marks it dead.
 *   The outcomes of the handlers that finish in the same tick are written in one transaction
 *   (one fsync), as enqueues are.
 * - At start and then every second, active jobs whose worker is gone (its lease ran out, or its
 *   process no longer exists on this host) go back to pending after a backoff: the interrupted
 *   attempt counts as a failed one, so a job that kills its process every time ends up dead
 *   instead of crashing the app forever. Delivery is therefore at least once.
 * - Done jobs stay for `keepCompletedMs` (7 days) so their ids keep deduping, then are pruned.
 *   Dead jobs stay until retried.
 */
export class SqliteJobQueue implements JobQueue {
  private readonly db: Database.Database;
  private readonly owner = `${HOST}/${process.pid}/${randomUUID()}`;
  private readonly backoff: Backoff;
  private readonly pollIntervalMs: number;
  private readonly lockMs: number;
  private readonly keepCompletedMs: number;
  private readonly closeTimeoutMs: number;
  private readonly now: () => number;
  private readonly onError: (error: Error) => void;

  private readonly handlers = new Map<string, Registration>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the jobs this queue's handlers are running (claimed, outcome not yet written). */
  private readonly running = new Set<string>();
  private readonly pending = new TickBatch<PendingEnqueue>((batch) => this.insertEnqueued(batch));
  private readonly outcomes = new TickBatch<PendingOutcome>((batch) => this.writeOutcomes(batch));
  private started = false;
  private closing = false;
  private abandoned = false;
  private closed: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private nextSweepAt = 0;
  private nextPruneAt = 0;
  private nextRenewAt = 0;

  private readonly insert;
  private readonly claim;
  private readonly nextDue;
  private readonly markDone;
  private readonly markRetry;
  private readonly markDead;
  private readonly renew;
  private readonly selectActive;
  private readonly selectDead;
  private readonly selectDeadOfType;
  private readonly reviveDead;
  private readonly selectCounts;
  private readonly selectOutstanding;
  private readonly prune;

  constructor(
    readonly file: string,
    options: SqliteJobQueueOptions = {},
  ) {
    this.backoff = resolveBackoff(options);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.lockMs = options.lockMs ?? 30_000;
    this.keepCompletedMs = options.keepCompletedMs ?? KEEP_COMPLETED_MS;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 15_000;
    this.now = options.clock ?? Date.now;
    this.onError = options.onError ?? ((error) => console.error(`job queue (SQLite ${file}): ${error.message}`));
    this.db = new Database(file);
    try {
      prepareJobTables(this.db, options.synchronous ?? 'FULL');
      if (options.adoptOutboxFrom) adoptOutboxLeftIn(this.db, options.adoptOutboxFrom);
    } catch (error) {
      this.db.close();
      throw error;
    }
    liveOwners.add(this.owner);

    this.insert = this.db.prepare<[string, string, string | null, number, number, number]>(
      `INSERT OR IGNORE INTO jobs_outbox (id, type, payload, state, attempt, max_attempts, run_at, enqueued_at)
       VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
    );
    this.claim = this.db.prepare<{ type: string; now: number; owner: string; until: number; limit: number }, ClaimedRow>(
      `UPDATE jobs_outbox SET state = 'active', attempt = attempt + 1, locked_by = @owner, locked_until = @until
       WHERE seq IN (
         SELECT seq FROM jobs_outbox WHERE state = 'pending' AND type = @type AND run_at <= @now ORDER BY run_at, seq LIMIT @limit
       )
       RETURNING id, type, payload, attempt, max_attempts`,
    );
    this.nextDue = this.db
      .prepare<[string], number | null>(`SELECT min(run_at) FROM jobs_outbox WHERE state = 'pending' AND type = ?`)
      .pluck();
    this.markDone = this.db.prepare<{ id: string; owner: string; now: number }>(
      `UPDATE jobs_outbox SET state = 'done', finished_at = @now, locked_by = NULL, locked_until = NULL
       WHERE id = @id AND state = 'active' AND locked_by = @owner`,
    );
    this.markRetry = this.db.prepare<{ id: string; owner: string | null; runAt: number; error: string }>(
      `UPDATE jobs_outbox SET state = 'pending', run_at = @runAt, last_error = @error, locked_by = NULL, locked_until = NULL
       WHERE id = @id AND state = 'active' AND locked_by IS @owner`,
    );
    this.markDead = this.db.prepare<{ id: string; owner: string | null; now: number; error: string }>(
      `UPDATE jobs_outbox SET state = 'dead', finished_at = @now, last_error = @error, locked_by = NULL, locked_until = NULL
       WHERE id = @id AND state = 'active' AND locked_by IS @owner`,
    );
    this.renew = this.db.prepare<{ owner: string; until: number }>(
      `UPDATE jobs_outbox SET locked_until = @until WHERE state = 'active' AND locked_by = @owner`,
    );
    this.selectActive = this.db.prepare<[], ActiveRow>(
      `SELECT id, attempt, max_attempts, locked_by, locked_until FROM jobs_outbox WHERE state = 'active'`,
    );
    const deadColumns = 'id, type, payload, attempt, last_error, finished_at';
    this.selectDead = this.db.prepare<[], DeadRow>(
      `SELECT ${deadColumns} FROM jobs_outbox WHERE state = 'dead' ORDER BY finished_at, seq`,
    );
    this.selectDeadOfType = this.db.prepare<[string], DeadRow>(
      `SELECT ${deadColumns} FROM jobs_outbox WHERE state = 'dead' AND type = ? ORDER BY finished_at, seq`,
    );
    this.reviveDead = this.db.prepare<{ id: string; now: number }>(
      `UPDATE jobs_outbox SET state = 'pending', attempt = 0, run_at = @now, finished_at = NULL WHERE id = @id AND state = 'dead'`,
    );
    this.selectCounts = this.db.prepare<{ now: number }, CountsRow>(
      `SELECT
         sum(state = 'pending' AND run_at <= @now) AS waiting,
         sum(state = 'pending' AND run_at > @now)  AS delayed,
         sum(state = 'active')                     AS active,
         sum(state = 'done')                       AS completed,
         sum(state = 'dead')                       AS dead
       FROM jobs_outbox`,
    );
    this.selectOutstanding = this.db
      .prepare<[], number>(`SELECT count(*) FROM jobs_outbox WHERE state IN ('pending', 'active')`)
      .pluck();
    this.prune = this.db.prepare<{ before: number; limit: number }>(
      `DELETE FROM jobs_outbox WHERE seq IN (
         SELECT seq FROM jobs_outbox WHERE state = 'done' AND finished_at < @before LIMIT @limit
       )`,
    );
  }

  enqueue(jobs: JobSpec | readonly JobSpec[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('job queue is closed'));
    let specs: NormalisedSpec[];
    try {
      specs = normaliseSpecs(jobs, this.now());
    } catch (error) {
      return Promise.reject(error);
    }
    if (specs.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.pending.add({ specs, resolve, reject }));
  }

  /** Group commit: every enqueue of the tick in one transaction. */
  private insertEnqueued(batch: PendingEnqueue[]): void {
    if (this.abandoned) return;
    const now = this.now();
    try {
      this.db.transaction(() => {
        for (const { specs } of batch) {
          for (const spec of specs) this.insert.run(spec.id, spec.type, spec.payloadJson ?? null, spec.maxAttempts, spec.runAt, now);
        }
      })();
    } catch (error) {
      for (const enqueue of batch) enqueue.reject(error);
      return;
    }
    for (const enqueue of batch) enqueue.resolve();
    this.wake();
  }

  process<TPayload>(type: string, handler: JobHandler<TPayload>, options: { concurrency?: number } = {}): void {
    if (this.closing) throw new Error('job queue is closed');
    if (this.handlers.has(type)) throw new Error(`job type ${type} already has a handler`);
    const concurrency = checkConcurrency(type, options.concurrency);
    // The handler is only ever called with jobs of its type, whose payloads the enqueuer typed.
    this.handlers.set(type, { handler: handler as JobHandler<unknown>, concurrency, running: 0 });
    this.started = true;
    this.wake();
  }

  /** Runs the worker loop soon (coalesced). */
  private wake(): void {
    if (!this.started || this.closing || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      this.tick();
    });
  }

  private tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closing) return;
    let delay = this.pollIntervalMs;
    try {
      const now = this.now();
      if (now >= this.nextSweepAt) {
        this.sweep(now);
        this.nextSweepAt = now + Math.min(SWEEP_INTERVAL_MS, this.lockMs / 3);
      }
      if (now >= this.nextPruneAt) {
        this.pruneDone(now);
        this.nextPruneAt = now + PRUNE_INTERVAL_MS;
      }
      if (this.inFlight.size > 0 && this.nextRenewAt > 0 && now >= this.nextRenewAt) {
        this.renew.run({ owner: this.owner, until: now + this.lockMs });
        this.nextRenewAt = now + this.lockMs / 3;
      }
      for (const [type, registration] of this.handlers) {
        const free = registration.concurrency - registration.running;
        if (free <= 0) continue; // a finishing job wakes the loop
        const claimed = this.claim.all({ type, now, owner: this.owner, until: now + this.lockMs, limit: free });
        for (const row of claimed) this.start(registration, row);
        if (claimed.length < free) {
          const due = this.nextDue.get(type);
          if (due !== null && due !== undefined) delay = Math.min(delay, Math.max(0, due - now));
        }
      }
      if (this.inFlight.size > 0) {
        // Claims start with a full lease; renew a third of the way through it.
        if (this.nextRenewAt === 0) this.nextRenewAt = now + this.lockMs / 3;
        delay = Math.min(delay, Math.max(0, this.nextRenewAt - now));
      }
      delay = Math.min(delay, Math.max(0, this.nextSweepAt - now));
    } catch (error) {
      this.report(error);
      delay = this.pollIntervalMs;
    }
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private start(registration: Registration, row: ClaimedRow): void {
    registration.running++;
    this.running.add(row.id);
    const job: Job<unknown> = {
      id: row.id,
      type: row.type,
      payload: row.payload === null ? undefined : (JSON.parse(row.payload) as unknown),
      attempt: row.attempt,
      maxAttempts: row.max_attempts,
    };
    const run = (async () => {
      let failure: { error: unknown } | undefined;
      try {
        await registration.handler(job);
      } catch (error) {
        failure = { error };
      }
      registration.running--;
      if (this.abandoned) return; // the "process" died: nothing more reaches the file
      try {
        await this.recordOutcome(job, failure);
      } finally {
        this.running.delete(job.id);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      if (this.inFlight.size === 0) this.nextRenewAt = 0;
      this.wake();
    });
  }

  /** Resolves once the outcome is written (or could not be: then it is reported, and never rejects). */
  private recordOutcome(job: Job<unknown>, failure: { error: unknown } | undefined): Promise<void> {
    return new Promise((written) => this.outcomes.add({ job, failure, written }));
  }

  /** Group commit of the outcomes: done, retry later or dead, every one of the tick in one transaction. */
  private writeOutcomes(batch: PendingOutcome[]): void {
    try {
      if (this.abandoned) return;
      const now = this.now();
      this.db.transaction(() => {
        for (const { job, failure } of batch) {
          if (!failure) {
            this.markDone.run({ id: job.id, owner: this.owner, now });
          } else if (job.attempt >= job.maxAttempts) {
            this.markDead.run({ id: job.id, owner: this.owner, now, error: errorMessage(failure.error) });
          } else {
            this.markRetry.run({ id: job.id, owner: this.owner, runAt: now + retryDelay(job.attempt, this.backoff, failure.error), error: errorMessage(failure.error) });
          }
        }
      })();
    } catch (error) {
      // The jobs stay active under our name; the next sweep sees that no handler of ours runs them.
      this.report(error);
    } finally {
      for (const { written } of batch) written();
    }
  }

  /** Active jobs of workers that are gone go back to pending (or dead, after their last attempt). */
  private sweep(now: number): void {
    for (const row of this.selectActive.all()) {
      const mine = row.locked_by === this.owner;
      if (mine && this.running.has(row.id)) continue;
      const leaseOver = row.locked_until === null || row.locked_until <= now;
      if (!mine && !leaseOver && !ownerIsGone(row.locked_by)) continue;
      const why = mine ? 'its outcome could not be recorded' : leaseOver ? 'its lease ran out' : 'its process is gone';
      const error = `interrupted: the worker ${row.locked_by ?? '(unknown)'} stopped during attempt ${row.attempt} (${why})`;
      if (row.attempt >= row.max_attempts) {
        this.markDead.run({ id: row.id, owner: row.locked_by, now, error });
      } else {
        this.markRetry.run({ id: row.id, owner: row.locked_by, runAt: now + backoffDelay(row.attempt, this.backoff), error });
      }
    }
  }

  private pruneDone(now: number): void {
    const before = now - this.keepCompletedMs;
    while (this.prune.run({ before, limit: PRUNE_BATCH }).changes === PRUNE_BATCH) {
      // keep each write transaction short
    }
  }

  async deadLetters(type?: string): Promise<DeadJob[]> {
    this.assertOpen();
    const rows = type === undefined ? this.selectDead.all() : this.selectDeadOfType.all(type);
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      payload: row.payload === null ? undefined : (JSON.parse(row.payload) as unknown),
      attempts: row.attempt,
      lastError: row.last_error ?? '',
      failedAt: new Date(row.finished_at ?? 0).toISOString(),
    }));
  }

  async retryDead(id: string): Promise<boolean> {
    this.assertOpen();
    const revived = this.reviveDead.run({ id, now: this.now() }).changes > 0;
    if (revived) this.wake();
    return revived;
  }

  async counts(): Promise<JobCounts> {
    this.assertOpen();
    const row = this.selectCounts.get({ now: this.now() });
    return {
      waiting: row?.waiting ?? 0,
      active: row?.active ?? 0,
      delayed: row?.delayed ?? 0,
      completed: row?.completed ?? 0,
      dead: row?.dead ?? 0,
    };
  }

  async drained(timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<void> {
    this.assertOpen();
    await waitUntilDrained(
      async () => {
        this.assertOpen();
        return this.pending.size === 0 && (this.selectOutstanding.get() ?? 0) === 0;
      },
      timeoutMs,
      async () => JSON.stringify(await this.counts()),
    );
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return this.closed;
    this.closing = true;
    this.stopTimers();
    // Enqueues already accepted are committed, as the caller was promised.
    this.pending.flushNow();
    this.closed = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...this.inFlight]).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.closeTimeoutMs))),
      ]);
      clearTimeout(timer);
      if (!finished) {
        this.report(new Error(`${this.inFlight.size} job(s) still running after ${this.closeTimeoutMs} ms; closing anyway, they will run again at the next start`));
        this.abandoned = true; // their outcomes must not reach a closed file
      }
      liveOwners.delete(this.owner);
      this.db.close();
    })();
    return this.closed;
  }

  /**
   * For tests: what a process death leaves behind. The worker stops at once without recording
   * anything (jobs it was running stay active under its lease, their handlers' outcomes are
   * dropped), enqueues not yet committed are lost, and the file is closed. A queue opened next on
   * the same file sees this worker as gone and puts its jobs back.
   */
  crashForTesting(): void {
    if (this.closed) return;
    this.abandoned = true;
    this.closing = true;
    this.stopTimers();
    for (const enqueue of this.pending.take()) enqueue.reject(new Error('job queue crashed'));
    liveOwners.delete(this.owner);
    this.db.close();
    this.closed = Promise.resolve();
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private assertOpen(): void {
    if (!this.db.open) throw new Error('job queue is closed');
  }

  private report(error: unknown): void {
    this.onError(error instanceof Error ? error : new Error(errorMessage(error)));
  }
}

/**
 * Whether the worker that wrote this owner id (`host/pid/uuid`) is known to be gone: another
 * queue of this process that was closed or crashed, or a process of this host that no longer
 * exists. Owners on other hosts are never known to be gone; their leases run out instead.
 */
export function ownerIsGone(owner: string | null): boolean {
  if (owner === null) return true;
  const match = /^(.*)\/(\d+)\/[^/]+$/.exec(owner);
  if (!match || match[1] !== HOST) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return !liveOwners.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
