import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Catalogue, loadCatalogue, parseCatalogue } from '../../src/infra/commerce/catalogue/catalogue';
import { rankReplacements } from '../../src/infra/commerce/catalogue/replacements';
import type { NormalisedQuery } from '../../src/infra/commerce/replacement-query';
import { HEALTH_PATH, queryFromSearchParams, REPLACEMENTS_PATH } from '../../src/infra/commerce/http/store-api';

export type FakeStoreBehaviour =
  | { kind: 'up' }
  | { kind: 'slow'; ms: number }
  | { kind: 'failing'; status: number; retryAfter?: string }
  | { kind: 'malformed'; body: string }
  | { kind: 'failTimes'; remaining: number; status: number; retryAfter?: string };

export interface FakeStoreServer {
  /** `http://127.0.0.1:<port>`: the base URL of the store API. */
  readonly url: string;
  readonly port: number;
  /** Requests received (every path), since start or the last resetRequests(). Refused connections are not requests. */
  readonly requests: number;
  /** Path and query of each request received, oldest first. */
  readonly requestLog: readonly string[];
  readonly behaviour: FakeStoreBehaviour['kind'] | 'down';
  /** Serves normally (reopening the port when down). */
  up(): Promise<void>;
  /** Closes the listener and every connection: calls meet "connection refused" until up() (or another behaviour) reopens the same port. */
  down(): Promise<void>;
  /** Answers every request after `ms`. */
  slow(ms: number): Promise<void>;
  /** Answers every request with `status` (and a Retry-After header when given). */
  failing(status: number, options?: { retryAfter?: string }): Promise<void>;
  /** Answers 200 with a body that breaks the format: not JSON, or JSON of the wrong shape (default). */
  malformed(kind?: 'not-json' | 'wrong-shape'): Promise<void>;
  /** Answers the next `n` requests with `status` (default 503), then serves normally. */
  failTimes(n: number, status?: number, options?: { retryAfter?: string }): Promise<void>;
  resetRequests(): void;
  /** Closes the server and every connection; pending slow answers are dropped. */
  stop(): Promise<void>;
}

const MALFORMED_BODIES = {
  'not-json': '<html><body>502 Bad Gateway</body></html>',
  'wrong-shape': JSON.stringify({ offers: [{ sku: 42, brand: 'Nike', model: 'Pegasus 41', price: { amount: '139.99', currency: 'EUR' } }] }),
};

/**
 * The company's store API (docs/commerce.md) served from a catalogue by a node:http server on a
 * free loopback port, with switchable faults for the HTTP adapter's tests. Serves the shipped
 * catalogue unless given one.
 */
export async function startFakeStore(options: { catalogue?: Catalogue } = {}): Promise<FakeStoreServer> {
  const catalogue = options.catalogue ? parseCatalogue(options.catalogue) : loadCatalogue();
  let behaviour: FakeStoreBehaviour = { kind: 'up' };
  let listening = false;
  let stopped = false;
  const log: string[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    log.push(req.url ?? '');
    handle(req, res);
  });
  server.keepAliveTimeout = 1000;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const current = behaviour;
    switch (current.kind) {
      case 'slow': {
        const timer = setTimeout(() => {
          pending.delete(timer);
          if (!res.destroyed) route(req, res);
        }, current.ms);
        pending.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(timer);
        });
        return;
      }
      case 'failing':
        return fail(res, current.status, current.retryAfter);
      case 'malformed':
        return send(res, 200, current.body);
      case 'failTimes':
        if (current.remaining > 0) {
          current.remaining--;
          return fail(res, current.status, current.retryAfter);
        }
        behaviour = { kind: 'up' };
        return route(req, res);
      case 'up':
        return route(req, res);
    }
  };

  const route = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake-store');
    if (req.method !== 'GET') return send(res, 405, JSON.stringify({ error: 'only GET is served' }), { allow: 'GET' });
    if (url.pathname === `/${HEALTH_PATH}`) return send(res, 200, JSON.stringify({ status: 'ok' }));
    if (url.pathname !== `/${REPLACEMENTS_PATH}`) return send(res, 404, JSON.stringify({ error: `no route ${url.pathname}` }));
    let query: NormalisedQuery;
    try {
      query = queryFromSearchParams(url.searchParams);
    } catch (error) {
      return send(res, 400, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    }
    return send(res, 200, JSON.stringify({ offers: rankReplacements(catalogue, query) }));
  };

  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        listening = true;
        resolve();
      });
    });

  const close = async (): Promise<void> => {
    for (const timer of pending) clearTimeout(timer);
    pending.clear();
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  await listen(0);
  const port = (server.address() as AddressInfo).port;

  const become = async (next: FakeStoreBehaviour): Promise<void> => {
    if (stopped) throw new Error('the fake store is stopped');
    behaviour = next;
    if (!listening) await listen(port);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return log.length;
    },
    get requestLog() {
      return [...log];
    },
    get behaviour() {
      return listening ? behaviour.kind : 'down';
    },
    up: () => become({ kind: 'up' }),
    async down() {
      behaviour = { kind: 'up' };
      await close();
    },
    slow: (ms) => become({ kind: 'slow', ms }),
    failing: (status, opts = {}) => become({ kind: 'failing', status, retryAfter: opts.retryAfter }),
    malformed: (kind = 'wrong-shape') => become({ kind: 'malformed', body: MALFORMED_BODIES[kind] }),
    failTimes: (n, status = 503, opts = {}) => become({ kind: 'failTimes', remaining: n, status, retryAfter: opts.retryAfter }),
    resetRequests() {
      log.length = 0;
    },
    async stop() {
      stopped = true;
      await close();
    },
  };
}

function fail(res: ServerResponse, status: number, retryAfter?: string): void {
  send(res, status, JSON.stringify({ error: `fake store answering ${status}` }), retryAfter === undefined ? {} : { 'retry-after': retryAfter });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
