import type { JobQueueOptions, JobSpec } from '../../core/job-queue/types';

/** What both adapters do when the port leaves a value out. */
export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BACKOFF_MS = 1_000;
export const DEFAULT_MAX_BACKOFF_MS = 15 * 60_000;
/**
 * How long a finished job is kept so that enqueueing its id again is still a no-op (the dedupe
 * window). Dead jobs are kept until someone retries or deletes them.
 */
export const KEEP_COMPLETED_MS = 7 * 24 * 60 * 60_000;

/** A JobSpec with its defaults applied and checked; `payloadJson` is what gets stored. */
export interface NormalisedSpec {
  id: string;
  type: string;
  payload: unknown;
  /** `undefined` when the payload is `undefined` (JSON has no such value). */
  payloadJson: string | undefined;
  maxAttempts: number;
  /** Epoch ms. */
  runAt: number;
}

export interface Backoff {
  backoffMs: number;
  maxBackoffMs: number;
}

/** Checks every spec before anything is written, so a bad spec in a batch enqueues none of it. */
export function normaliseSpecs(jobs: JobSpec | readonly JobSpec[], now: number): NormalisedSpec[] {
  const list: readonly JobSpec[] = isSpecList(jobs) ? jobs : [jobs];
  return list.map((spec) => {
    if (typeof spec.id !== 'string' || spec.id.length === 0) throw new TypeError('job id must be a non-empty string');
    if (typeof spec.type !== 'string' || spec.type.length === 0) throw new TypeError(`job ${spec.id}: type must be a non-empty string`);
    const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
      throw new RangeError(`job ${spec.id}: maxAttempts must be a positive integer, got ${String(spec.maxAttempts)}`);
    }
    const runAt = spec.runAt ?? now;
    if (!Number.isFinite(runAt)) throw new RangeError(`job ${spec.id}: runAt must be epoch milliseconds, got ${String(spec.runAt)}`);
    let payloadJson: string | undefined;
    try {
      payloadJson = JSON.stringify(spec.payload) as string | undefined;
    } catch (error) {
      throw new TypeError(`job ${spec.id}: the payload is not JSON-serialisable (${errorMessage(error)})`);
    }
    return { id: spec.id, type: spec.type, payload: spec.payload, payloadJson, maxAttempts, runAt: Math.round(runAt) };
  });
}

function isSpecList(jobs: JobSpec | readonly JobSpec[]): jobs is readonly JobSpec[] {
  return Array.isArray(jobs);
}

export function resolveBackoff(options: JobQueueOptions = {}): Backoff {
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const maxBackoffMs = options.maxBackoffMs ?? Math.max(DEFAULT_MAX_BACKOFF_MS, backoffMs);
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new RangeError(`backoffMs must be a non-negative number, got ${backoffMs}`);
  if (!Number.isFinite(maxBackoffMs) || maxBackoffMs < backoffMs) {
    throw new RangeError(`maxBackoffMs must be a number no smaller than backoffMs (${backoffMs}), got ${maxBackoffMs}`);
  }
  return { backoffMs, maxBackoffMs };
}

/** The wait after failed attempt `attempt` (1-based): backoffMs, then doubling, capped at maxBackoffMs. */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 52);
  return Math.min(Math.round(backoff.backoffMs * 2 ** exponent), backoff.maxBackoffMs);
}

/** The longest wait a failure's own `retryAfterMs` can ask for; a longer one is cut to it. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/**
 * The wait after failed attempt `attempt`: the backoff, or longer when the error says when a retry
 * can first succeed (a `retryAfterMs` of 0 or more, as CommerceUnavailableError carries while the
 * store's circuit is open). Retrying sooner would only spend an attempt on a call refused at once.
 */
export function retryDelay(attempt: number, backoff: Backoff, error: unknown): number {
  const wait = backoffDelay(attempt, backoff);
  const asked = retryAfterOf(error);
  return asked === undefined ? wait : Math.max(wait, Math.min(Math.round(asked), MAX_RETRY_AFTER_MS));
}

function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const value = error.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : safeJson(error);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function checkConcurrency(type: string, concurrency: number | undefined): number {
  const value = concurrency ?? 1;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`job type ${type}: concurrency must be a positive integer, got ${String(concurrency)}`);
  return value;
}

/** Polls `isDrained` until it is true; rejects after `timeoutMs`. */
export async function waitUntilDrained(isDrained: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isDrained()) return;
    if (Date.now() >= deadline) throw new Error(`job queue not drained after ${timeoutMs} ms (${await describe()})`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(25, Math.max(1, deadline - Date.now()))));
  }
}

export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;
