import { performance } from 'node:perf_hooks';
import { type Commerce, CommerceUnavailableError, type ShoeOffer } from '../../../core/commerce/types';
import { type FakeStoreServer, startFakeStore } from '../../../../test/support/fake-store-server';
import { CONTRACT_CATALOGUE, describeCommerceContract } from '../commerce.contract';
import { CommerceRequestError, HttpCommerce, type HttpCommerceOptions } from './http-commerce';

describeCommerceContract('HTTP against the fake store', async (catalogue) => {
  const store = await startFakeStore({ catalogue });
  const commerce = new HttpCommerce(store.url, { timeoutMs: 5000 });
  const stopping: Commerce = {
    replacementsInStock: (query) => commerce.replacementsInStock(query),
    ping: () => commerce.ping(),
    async close() {
      await commerce.close();
      await store.stop();
    },
  };
  return stopping;
});

const query = { region: 'NL', brand: 'Nike', model: 'Pegasus 39' };
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** What a call ended with: its value or its error. */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

async function unavailable(promise: Promise<unknown>): Promise<CommerceUnavailableError> {
  const { error } = await outcome(promise);
  expect(error).toBeInstanceOf(CommerceUnavailableError);
  return error as CommerceUnavailableError;
}

describe('HttpCommerce against a failing store', () => {
  let store: FakeStoreServer;
  let expected: ShoeOffer[];
  const opened: HttpCommerce[] = [];
  const open = (options: HttpCommerceOptions = {}, base = store.url): HttpCommerce => {
    const commerce = new HttpCommerce(base, { timeoutMs: 1000, retries: 2, retryDelayMs: 5, ...options });
    opened.push(commerce);
    return commerce;
  };
  /** A sleep that records its waits and returns at once. */
  const recordingSleep = () => {
    const waits: number[] = [];
    return { waits, sleep: async (ms: number) => void waits.push(ms) };
  };

  beforeAll(async () => {
    store = await startFakeStore({ catalogue: CONTRACT_CATALOGUE });
    const healthy = open();
    expected = await healthy.replacementsInStock(query);
  });
  afterAll(async () => {
    await store.stop();
  });
  beforeEach(async () => {
    await store.up();
    store.resetRequests();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  it('sends the documented request', async () => {
    const commerce = open();
    expect(await commerce.replacementsInStock({ ...query, limit: 2 })).toEqual(expected.slice(0, 2));
    expect(store.requestLog).toEqual(['/v1/replacements?region=NL&brand=Nike&model=Pegasus+39&limit=2']);
    expect(commerce.state).toBe('closed');
  });

  it('retries a store slower than the timeout, then gives up with CommerceUnavailableError', async () => {
    await store.slow(3000);
    const commerce = open({ timeoutMs: 100, retries: 2 });
    const started = performance.now();
    const error = await unavailable(commerce.replacementsInStock(query));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error.message).toMatch(/no answer within 100 ms/);
    expect(store.requests).toBe(3);
  });

  it('succeeds within its retries when the store fails twice with 503, then answers', async () => {
    await store.failTimes(2, 503);
    const commerce = open();
    expect(await commerce.replacementsInStock(query)).toEqual(expected);
    expect(store.requests).toBe(3);
    expect(commerce.state).toBe('closed');
  });

  it('is unavailable when the store is down (connection refused), and served again once it is back', async () => {
    const commerce = open();
    expect(await commerce.replacementsInStock(query)).toEqual(expected);
    await store.down();
    const error = await unavailable(commerce.replacementsInStock(query));
    expect(error.message).toMatch(/network error/);
    expect(store.requests).toBe(1);
    await store.up();
    expect(await commerce.replacementsInStock(query)).toEqual(expected);
    expect(store.requests).toBe(2);
  });

  it.each(['wrong-shape', 'not-json'] as const)('counts a malformed 200 (%s) as a failure of the store, without retrying it', async (kind) => {
    await store.malformed(kind);
    const commerce = open({ breaker: { failureThreshold: 1 } });
    const error = await unavailable(commerce.replacementsInStock(query));
    expect(error.message).toMatch(/malformed answer/);
    expect(store.requests).toBe(1);
    expect(commerce.state).toBe('open');
  });

  it.each([400, 404, 401, 422])('throws a plain error for a %i, without retrying it or counting it against the store', async (status) => {
    await store.failing(status);
    const commerce = open({ breaker: { failureThreshold: 1 } });
    const { error } = await outcome(commerce.replacementsInStock(query));
    expect(error).toBeInstanceOf(CommerceRequestError);
    expect(error).not.toBeInstanceOf(CommerceUnavailableError);
    expect((error as CommerceRequestError).status).toBe(status);
    expect(store.requests).toBe(1);
    expect(commerce.state).toBe('closed');
  });

  it('throws a plain error for a base URL with the wrong path (404)', async () => {
    const commerce = open({}, `${store.url}/no-such-api`);
    const { error } = await outcome(commerce.replacementsInStock(query));
    expect(error).toBeInstanceOf(CommerceRequestError);
    expect((error as Error).message).toMatch(/404/);
    expect(store.requestLog).toEqual(['/no-such-api/v1/replacements?region=NL&brand=Nike&model=Pegasus+39&limit=3']);
  });

  it('retries 408, 429 and 5xx', async () => {
    for (const status of [408, 429, 500, 502, 504]) {
      await store.failTimes(1, status);
      store.resetRequests();
      expect(await open().replacementsInStock(query)).toEqual(expected);
      expect(store.requests).toBe(2);
    }
  });

  it('waits the Retry-After of a 429 or 503 (seconds or date) before retrying', async () => {
    const { waits, sleep } = recordingSleep();
    await store.failTimes(1, 429, { retryAfter: '1' });
    expect(await open({ sleep, maxRetryAfterMs: 2000 }).replacementsInStock(query)).toEqual(expected);
    await store.failTimes(1, 503, { retryAfter: new Date(T0 + 1000).toUTCString() });
    expect(await open({ sleep, now: () => T0, maxRetryAfterMs: 2000 }).replacementsInStock(query)).toEqual(expected);
    expect(waits).toEqual([1000, 1000]);
  });

  it('honours a real Retry-After in time', async () => {
    await store.failTimes(1, 503, { retryAfter: '1' });
    const started = performance.now();
    expect(await open().replacementsInStock(query)).toEqual(expected);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once on a Retry-After beyond its bound, and passes it on for the job queue', async () => {
    await store.failing(503, { retryAfter: '120' });
    const error = await unavailable(open({ maxRetryAfterMs: 2000 }).replacementsInStock(query));
    expect(error.retryAfterMs).toBe(120_000);
    expect(store.requests).toBe(1);
  });

  it('backs off with a doubling, jittered delay', async () => {
    await store.failing(503);
    const low = recordingSleep();
    await unavailable(open({ retries: 3, retryDelayMs: 100, random: () => 0, sleep: low.sleep }).replacementsInStock(query));
    expect(low.waits).toEqual([50, 100, 200]);
    const high = recordingSleep();
    await unavailable(open({ retries: 3, retryDelayMs: 100, random: () => 0.999, sleep: high.sleep }).replacementsInStock(query));
    expect(high.waits).toEqual([100, 200, 400]);
    expect(store.requests).toBe(8);
  });

  describe('circuit breaker', () => {
    let time: number;
    const now = () => time;
    const breakerOptions = (options: HttpCommerceOptions = {}): HttpCommerceOptions => ({ now, retries: 1, breaker: { failureThreshold: 3, openMs: 10_000 }, ...options });
    /** Opens the circuit with three failed calls of two attempts each. */
    const openCircuit = async (commerce: HttpCommerce) => {
      await store.failing(503);
      for (let i = 0; i < 2; i++) {
        expect((await unavailable(commerce.replacementsInStock(query))).retryAfterMs).toBeUndefined();
        expect(commerce.state).toBe('closed');
      }
      expect((await unavailable(commerce.replacementsInStock(query))).retryAfterMs).toBe(10_000);
      expect(commerce.state).toBe('open');
      expect(store.requests).toBe(6);
    };

    beforeEach(() => {
      time = T0;
    });

    it('opens after N consecutive failed calls and then fails fast without calling the store', async () => {
      const commerce = open(breakerOptions());
      await openCircuit(commerce);
      await store.up();
      const error = await unavailable(commerce.replacementsInStock(query));
      expect(error.message).toMatch(/circuit is open/);
      expect(error.retryAfterMs).toBe(10_000);
      time += 4_000;
      expect((await unavailable(commerce.ping())).retryAfterMs).toBe(6_000);
      expect(store.requests).toBe(6);
      expect(commerce.state).toBe('open');
    });

    it('half-opens after openMs and closes on a successful trial call', async () => {
      const commerce = open(breakerOptions());
      await openCircuit(commerce);
      await store.up();
      time += 10_000;
      expect(commerce.state).toBe('half_open');
      expect(await commerce.replacementsInStock(query)).toEqual(expected);
      expect(commerce.state).toBe('closed');
      expect(store.requests).toBe(7);
    });

    it('reopens for another openMs when the trial call (a single attempt) fails', async () => {
      const commerce = open(breakerOptions());
      await openCircuit(commerce);
      time += 12_000;
      expect((await unavailable(commerce.replacementsInStock(query))).retryAfterMs).toBe(10_000);
      expect(store.requests).toBe(7);
      expect(commerce.state).toBe('open');
      time += 9_999;
      expect((await unavailable(commerce.replacementsInStock(query))).retryAfterMs).toBe(1);
      expect(store.requests).toBe(7);
    });

    it('lets one trial call through at a time', async () => {
      const commerce = open(breakerOptions());
      await openCircuit(commerce);
      await store.slow(200);
      time += 10_000;
      const trial = commerce.replacementsInStock(query);
      const other = await unavailable(commerce.replacementsInStock(query));
      expect(other.message).toMatch(/trial call is in flight/);
      expect(await trial).toEqual(expected);
      expect(commerce.state).toBe('closed');
      expect(store.requests).toBe(7);
    });

    it('counts only consecutive failures: a success, or a 4xx, starts the count again', async () => {
      const commerce = open(breakerOptions({ retries: 0 }));
      await store.failing(503);
      await unavailable(commerce.replacementsInStock(query));
      await unavailable(commerce.replacementsInStock(query));
      await store.up();
      await commerce.replacementsInStock(query);
      await store.failing(503);
      await unavailable(commerce.replacementsInStock(query));
      await unavailable(commerce.replacementsInStock(query));
      await store.failing(404);
      await expect(commerce.replacementsInStock(query)).rejects.toBeInstanceOf(CommerceRequestError);
      await store.failing(503);
      await unavailable(commerce.replacementsInStock(query));
      await unavailable(commerce.replacementsInStock(query));
      expect(commerce.state).toBe('closed');
    });
  });

  it('pings GET /health, through the same breaker', async () => {
    const commerce = open({ retries: 0, breaker: { failureThreshold: 1 } });
    await commerce.ping();
    expect(store.requestLog).toEqual(['/health']);
    await store.failing(503);
    await unavailable(commerce.ping());
    expect(commerce.state).toBe('open');
  });

  it('cuts a call in flight short on close (unavailable: the job retries later), and refuses calls after', async () => {
    await store.slow(5000);
    const commerce = open({ timeoutMs: 10_000 });
    const started = performance.now();
    const call = commerce.replacementsInStock(query);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await commerce.close();
    await unavailable(call);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(commerce.state).toBe('closed');
    await expect(commerce.replacementsInStock(query)).rejects.toThrow(/closed/);
  });

  it('sends credentials of the base URL as HTTP Basic, not in the URL', async () => {
    const seen: Array<{ url: string; headers: Headers }> = [];
    const fetch: typeof globalThis.fetch = async (input, init) => {
      seen.push({ url: String(input), headers: new Headers(init?.headers) });
      return new Response(JSON.stringify({ offers: [] }), { status: 200 });
    };
    const commerce = open({ fetch }, 'https://promo%40stride:s3cret@store.example.com/api');
    expect(await commerce.replacementsInStock(query)).toEqual([]);
    expect(seen[0].url).toBe('https://store.example.com/api/v1/replacements?region=NL&brand=Nike&model=Pegasus+39&limit=3');
    expect(seen[0].headers.get('authorization')).toBe(`Basic ${Buffer.from('promo@stride:s3cret').toString('base64')}`);
    expect(seen[0].headers.get('accept')).toBe('application/json');
  });

  it('counts an unexpected status (204) or an oversized body as a failure', async () => {
    const answers = [new Response(null, { status: 204 }), new Response('x'.repeat(2 * 1024 * 1024), { status: 200 })];
    const commerce = open({ fetch: async () => answers.shift()!, retries: 0 });
    expect((await unavailable(commerce.replacementsInStock(query))).message).toMatch(/unexpected HTTP 204/);
    expect((await unavailable(commerce.replacementsInStock(query))).message).toMatch(/malformed answer: the body is larger than/);
  });

  it('refuses a base URL that is not http(s), and settings that make no sense', () => {
    expect(() => new HttpCommerce('ftp://store.example.com')).toThrow(TypeError);
    expect(() => new HttpCommerce('store.example.com')).toThrow(TypeError);
    expect(() => new HttpCommerce('http://store', { timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new HttpCommerce('http://store', { retries: -1 })).toThrow(RangeError);
    expect(() => new HttpCommerce('http://store', { breaker: { failureThreshold: 0 } })).toThrow(RangeError);
  });
});
