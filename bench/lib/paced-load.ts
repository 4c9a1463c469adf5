import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { RawHttpPool, rawRequest } from './raw-http-pool';

/**
 * An open-loop HTTP load at a fixed rate with evenly spaced arrivals: request i is sent at
 * start + i / rate, whether or not earlier ones were answered (on as many keep-alive sockets as
 * needed, up to `maxSockets`).
 *
 * autocannon's `overallRate`/`connectionRate` are not evenly spaced: every connection sends its
 * whole quota for the second back to back as soon as its one-second tick fires, and all the
 * connections' ticks fire together, so "500 requests/s" arrives as one burst of 500 at the start of
 * every second, `connections` at a time. This is the steady-arrival counterpart, to tell the
 * server's latency at that rate from the latency of the burst.
 */
export interface PacedLoadOptions {
  /** Base URL, e.g. http://127.0.0.1:3000. */
  url: string;
  ratePerSec: number;
  seconds: number;
  /**
   * Seconds sent at the same rate, on the same sockets, just before the measured ones and left
   * out of their figures (counted in `warmup`): the server's transition from whatever ran before
   * (its accepts of freshly opened sockets, the garbage of an earlier phase) is not the steady
   * state at this rate that the window measures.
   */
  warmupSeconds?: number;
  /** The i-th request. */
  request: (i: number) => { method?: string; path: string; headers?: Record<string, string>; body?: string };
  maxSockets?: number;
  timeoutMs?: number;
  /**
   * `node` (the default): node's http client. `raw`: RawHttpPool, several times cheaper per
   * request, for rates where the generator's own CPU would take a real share of the machine.
   */
  client?: 'node' | 'raw';
  /**
   * With the raw client: sockets to open before the clock starts, as clients that are already
   * connected would be. Otherwise sockets open as requests need them, during the measurement.
   */
  preconnect?: number;
}

export interface PacedLoadResult {
  planned: number;
  sent: number;
  answered: number;
  seconds: number;
  byStatus: Record<string, number>;
  errors: number;
  /** ms from the request's actual send to the end of its response, 2xx only, ascending. */
  latenciesMs: number[];
  /** ms from the request's planned send time (so a generator running late counts too), 2xx only, ascending. */
  fromPlanMs: number[];
  /** How late the generator sent a request at worst, ms (timer granularity is about 1 ms). */
  maxSendSlipMs: number;
  /** Sockets the raw client had open at the end (those it opened during the run included). */
  sockets?: number;
  /** The warm-up's requests (see warmupSeconds), answered or not: not in any figure above. */
  warmup: { sent: number; answered: number; byStatus: Record<string, number>; errors: number };
}

export async function pacedLoad(options: PacedLoadOptions): Promise<PacedLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 64 });
  const interval = 1000 / options.ratePerSec;
  const planned = Math.round(options.ratePerSec * options.seconds);
  const warmup = Math.round(options.ratePerSec * (options.warmupSeconds ?? 0));
  const result: PacedLoadResult = {
    planned,
    sent: 0,
    answered: 0,
    seconds: 0,
    byStatus: {},
    errors: 0,
    latenciesMs: [],
    fromPlanMs: [],
    maxSendSlipMs: 0,
    warmup: { sent: 0, answered: 0, byStatus: {}, errors: 0 },
  };
  const inFlight = new Set<Promise<void>>();
  const answered = (status: number, sentAt: number, plannedAt: number, measured: boolean): void => {
    const end = performance.now();
    const counts = measured ? result : result.warmup;
    counts.answered++;
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    if (measured && status >= 200 && status < 300) {
      result.latenciesMs.push(end - sentAt);
      result.fromPlanMs.push(end - plannedAt);
    }
  };
  const raw = options.client === 'raw' ? RawHttpPool.forUrl(options.url, options.maxSockets ?? 64) : undefined;
  const host = new URL(options.url).host;
  if (raw && options.preconnect) await raw.preconnect(options.preconnect);
  const fire = (i: number, plannedAt: number): void => {
    const spec = options.request(i);
    const sentAt = performance.now();
    const measured = i >= warmup;
    const counts = measured ? result : result.warmup;
    if (measured) result.maxSendSlipMs = Math.max(result.maxSendSlipMs, sentAt - plannedAt);
    counts.sent++;
    if (raw) {
      const done = new Promise<void>((resolve) => {
        raw.send(rawRequest(spec.method ?? 'GET', spec.path, host, spec.headers ?? {}, spec.body), (status) => {
          if (status === 0) counts.errors++;
          else answered(status, sentAt, plannedAt, measured);
          resolve();
        });
      });
      inFlight.add(done);
      void done.then(() => inFlight.delete(done));
      return;
    }
    const done = new Promise<void>((resolve) => {
      const req = httpRequest(`${options.url}${spec.path}`, { method: spec.method ?? 'GET', headers: spec.headers, agent, timeout: options.timeoutMs ?? 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          answered(res.statusCode ?? 0, sentAt, plannedAt, measured);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      if (spec.body !== undefined) req.write(spec.body);
      req.on('error', () => {
        counts.errors++;
        resolve();
      });
      req.end();
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  const start = performance.now();
  const total = warmup + planned;
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && start + i * interval <= now) {
      fire(i, start + i * interval);
      i++;
    }
    const wait = start + i * interval - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  if (raw) {
    // The raw client has no per-request timer: whatever is unanswered after timeoutMs is an error.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000)));
    // Unanswered warm-up requests count here too: late answers are the server's, whichever phase sent them.
    if ((await Promise.race([Promise.all(inFlight), gaveUp])) === 'timeout') result.errors += inFlight.size;
    clearTimeout(timer);
  } else {
    await Promise.all(inFlight);
  }
  result.seconds = (performance.now() - start) / 1000 - warmup * interval / 1000;
  result.latenciesMs.sort((a, b) => a - b);
  result.fromPlanMs.sort((a, b) => a - b);
  agent.destroy();
  if (raw) result.sockets = raw.sockets;
  raw?.close();
  return result;
}
