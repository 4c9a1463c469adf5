/**
 * Where sagas put their side effects (push messages, webhooks, calls to the store API).
 * BullMQ on Redis in production; a durable SQLite outbox with an in-process worker when embedded.
 * Delivery is at least once: a handler may see a job again after a crash, so it passes the job id
 * on as an idempotency key to whatever it calls.
 */
export interface JobSpec<TPayload = unknown> {
  /** Deterministic (e.g. derived from the causing event id): a job id seen before is not enqueued again. */
  id: string;
  type: string;
  payload: TPayload;
  /** Attempts before the job goes to the dead-letter list. Default 8. */
  maxAttempts?: number;
  /** Earliest start, epoch ms (for "retry later" scheduling). Default now. */
  runAt?: number;
}

export interface Job<TPayload = unknown> {
  id: string;
  type: string;
  payload: TPayload;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
}

/**
 * Throwing retries the job after an exponential backoff, or later when the error has a
 * `retryAfterMs` (milliseconds, at most a day) saying when a retry can first succeed; after the
 * last attempt it is dead.
 */
export type JobHandler<TPayload = unknown> = (job: Job<TPayload>) => Promise<void>;

export interface DeadJob {
  id: string;
  type: string;
  payload: unknown;
  attempts: number;
  lastError: string;
  failedAt: string;
}

export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  dead: number;
}

export interface JobQueue {
  /** Durable when it resolves. Enqueueing an id that exists (pending, done or dead) changes nothing. */
  enqueue(jobs: JobSpec | readonly JobSpec[]): Promise<void>;
  /** Starts working on jobs of this type. One handler per type. */
  process<TPayload>(type: string, handler: JobHandler<TPayload>, options?: { concurrency?: number }): void;
  deadLetters(type?: string): Promise<DeadJob[]>;
  /** Puts a dead job back in the queue with fresh attempts; false when no dead job has this id. */
  retryDead(id: string): Promise<boolean>;
  counts(): Promise<JobCounts>;
  /** Resolves when no job is waiting, delayed or active (tests, graceful shutdown). */
  drained(timeoutMs?: number): Promise<void>;
  ping(): Promise<void>;
  /** Stops the workers (letting active jobs finish) and closes connections. */
  close(): Promise<void>;
}

export interface JobQueueOptions {
  /** First retry delay; each later one doubles it, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}
