import { setTimeout as delay } from 'node:timers/promises';
import { type Commerce, CommerceUnavailableError, type ReplacementQuery, type ShoeOffer } from '../../../core/commerce/types';
import { normaliseQuery } from '../replacement-query';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { HEALTH_PATH, MalformedResponseError, MAX_RESPONSE_BYTES, parseReplacementsBody, parseRetryAfter, replacementsUrl, storeUrl } from './store-api';

export interface HttpCommerceOptions {
  /** Per attempt, from sending the request to the last byte of the answer. Default 2000. */
  timeoutMs?: number;
  /** Further attempts after a timeout, a network error, a 5xx, a 408 or a 429. Default 2. */
  retries?: number;
  /** Wait before the first retry, doubling per retry, with jitter (half fixed, half random). Default 100. */
  retryDelayMs?: number;
  /**
   * Longest Retry-After (of a 408/429/5xx) waited inside a call. A longer one ends the call at once
   * with a CommerceUnavailableError carrying it as retryAfterMs, for the job queue to honour.
   * Default 2000.
   */
  maxRetryAfterMs?: number;
  breaker?: {
    /** Consecutive failed calls (each with all its retries) that open the circuit. Default 5. */
    failureThreshold?: number;
    /** How long the open circuit fails fast before one trial call. Default 30 000. */
    openMs?: number;
  };
  fetch?: typeof fetch;
  /** The breaker's clock (and the reference of Retry-After dates). Default Date.now. */
  now?: () => number;
  /** Source of the retry jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Waits between attempts; rejects when `signal` aborts. Default a timer. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The store refused the request as malformed or unauthorised (a 4xx other than 408/429): the caller's fault, retrying cannot help. */
export class CommerceRequestError extends Error {
  override readonly name = 'CommerceRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Attempt<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'refused'; error: CommerceRequestError }
  | { kind: 'failed'; reason: string; retryable: boolean; retryAfterMs?: number; cause?: unknown }
  | { kind: 'closed' };
type Failed = Extract<Attempt<unknown>, { kind: 'failed' }>;

/**
 * Commerce over the company's store API (docs/commerce.md). Every call runs through a circuit
 * breaker; inside a call, timeouts, network errors, 5xx, 408 and 429 are retried with a doubling,
 * jittered delay (at least any Retry-After, up to maxRetryAfterMs). When the store still cannot
 * answer, the call throws CommerceUnavailableError, and the job that made it is retried later by
 * the queue. The API is read-only (GET), so retries cannot duplicate anything.
 */
export class HttpCommerce implements Commerce {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly openMs: number;
  private readonly breaker: CircuitBreaker;
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly closing = new AbortController();
  private readonly headers: Record<string, string> = { accept: 'application/json' };

  constructor(baseUrl: string, options: HttpCommerceOptions = {}) {
    let base: URL;
    try {
      base = new URL(baseUrl);
    } catch {
      throw new TypeError(`the store URL must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`the store URL must be http(s), got ${JSON.stringify(baseUrl)}`);
    // Credentials in the URL (https://user:password@host) go as HTTP Basic: fetch refuses URLs that carry them.
    if (base.username || base.password) {
      this.headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
      base.username = '';
      base.password = '';
    }
    this.base = base;
    this.timeoutMs = positive('timeoutMs', options.timeoutMs ?? 2000);
    this.retries = count('retries', options.retries ?? 2);
    this.retryDelayMs = count('retryDelayMs', options.retryDelayMs ?? 100);
    this.maxRetryAfterMs = count('maxRetryAfterMs', options.maxRetryAfterMs ?? 2000);
    this.openMs = count('breaker.openMs', options.breaker?.openMs ?? 30_000);
    this.now = options.now ?? Date.now;
    this.breaker = new CircuitBreaker({ failureThreshold: options.breaker?.failureThreshold ?? 5, openMs: this.openMs, now: this.now });
    this.fetch = options.fetch ?? globalThis.fetch;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
  }

  /** The circuit breaker's state, for metrics and /ready. */
  get state(): CircuitState {
    return this.breaker.state;
  }

  async replacementsInStock(query: ReplacementQuery): Promise<ShoeOffer[]> {
    const normalised = normaliseQuery(query);
    return this.call(replacementsUrl(this.base, normalised), (body) => parseReplacementsBody(body).slice(0, normalised.limit));
  }

  /** `GET {base}/health` through the breaker, with the same retries: resolves when the store answers 200. */
  async ping(): Promise<void> {
    await this.call(storeUrl(this.base, HEALTH_PATH), () => undefined);
  }

  /** Aborts calls in flight (they reject with CommerceUnavailableError); later calls reject with an Error. */
  async close(): Promise<void> {
    this.closing.abort(new Error('HttpCommerce closed'));
  }

  private async call<T>(url: URL, parse: (body: string) => T): Promise<T> {
    if (this.closing.signal.aborted) throw new Error('HttpCommerce is closed');
    const admission = this.breaker.admit();
    if (!admission.admitted) {
      const wait = admission.retryAfterMs === undefined ? 'a trial call is in flight' : `retry in ${admission.retryAfterMs} ms`;
      throw new CommerceUnavailableError(`the store's circuit is open after repeated failures (${wait})`, admission.retryAfterMs);
    }
    // The trial call through a half-open circuit is a single attempt: a store that is still sick gets one request, not a burst.
    const attempts = admission.trial ? 1 : this.retries + 1;
    let last: Failed | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (last) {
        try {
          await this.sleep(Math.max(this.backoff(attempt - 1), last.retryAfterMs ?? 0), this.closing.signal);
        } catch {
          return this.abandon(admission.trial);
        }
      }
      const result = await this.attempt(url, parse);
      switch (result.kind) {
        case 'ok':
          this.breaker.succeeded();
          return result.value;
        case 'refused':
          // The store is up and answering: a 4xx says nothing against its health.
          this.breaker.succeeded();
          throw result.error;
        case 'closed':
          return this.abandon(admission.trial);
        case 'failed':
          last = result;
      }
      if (!last.retryable || (last.retryAfterMs ?? 0) > this.maxRetryAfterMs) break;
    }
    const failure = last as Failed; // attempts ≥ 1, and only a failed attempt leaves the loop
    this.breaker.failed(admission.trial);
    const opened = this.breaker.state !== 'closed';
    const retryAfterMs = opened ? Math.max(this.openMs, failure.retryAfterMs ?? 0) : failure.retryAfterMs;
    const error = new CommerceUnavailableError(
      `the store did not answer GET ${url.pathname}: ${failure.reason}${opened ? '; the circuit is open' : ''}`,
      retryAfterMs,
    );
    error.cause = failure.cause;
    throw error;
  }

  private abandon(trial: boolean): never {
    this.breaker.abandoned(trial);
    throw new CommerceUnavailableError('the store call was cut short: HttpCommerce closed');
  }

  /** Delay before retry n (1-based): retryDelayMs·2^(n-1), half of it fixed, half random. */
  private backoff(retry: number): number {
    const full = this.retryDelayMs * 2 ** (retry - 1);
    return Math.round(full / 2 + (full / 2) * this.random());
  }

  private async attempt<T>(url: URL, parse: (body: string) => T): Promise<Attempt<T>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([this.closing.signal, timeout]);
    try {
      const response = await this.fetch(url, { method: 'GET', headers: this.headers, signal });
      const body = await readText(response, MAX_RESPONSE_BYTES);
      const status = response.status;
      if (status === 200) return { kind: 'ok', value: parse(body) };
      const detail = `HTTP ${status}${body ? ` ${JSON.stringify(body.slice(0, 200))}` : ''}`;
      if (status === 408 || status === 429 || status >= 500) {
        return { kind: 'failed', reason: detail, retryable: true, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.now()) };
      }
      if (status >= 400) return { kind: 'refused', error: new CommerceRequestError(status, `the store refused GET ${url.pathname}${url.search}: ${detail}`) };
      return { kind: 'failed', reason: `unexpected ${detail}`, retryable: false };
    } catch (error) {
      if (this.closing.signal.aborted) return { kind: 'closed' };
      if (error instanceof MalformedResponseError) return { kind: 'failed', reason: `malformed answer: ${error.message}`, retryable: false, cause: error };
      if (timeout.aborted) return { kind: 'failed', reason: `no answer within ${this.timeoutMs} ms`, retryable: true, cause: error };
      return { kind: 'failed', reason: `network error: ${describe(error)}`, retryable: true, cause: error };
    }
  }
}

/** The body as text, refusing (as malformed) one larger than maxBytes without reading it all. */
async function readText(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new MalformedResponseError(`the body is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = value instanceof Uint8Array ? value : new Uint8Array(0);
    size += chunk.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new MalformedResponseError(`the body is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer ≥ 0, got ${value}`);
  return value;
}
