/**
 * The fake store API of the tests (test/support/fake-store-server.ts) in a child process of its
 * own, so that its 50 ms timers and its JSON answers do not share the event loop of the app under
 * test (the real store is another machine), with the concurrency it sees counted at the server:
 * requests in flight (from the request's arrival to its response closing), their time-weighted
 * mean and maximum, and the TCP connections the client opened.
 *
 * The fake store does not expose its http.Server, so the child wraps `http.createServer` while
 * startFakeStore() runs and puts its own 'request' / 'connection' listeners on the server it makes.
 *
 * Parent side: `const store = await FakeStoreProcess.start(); await store.slow(50); ...`.
 * Child side: this same file, run with fork() (it is the main module there).
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface StoreStats {
  /** Since the last reset. */
  windowMs: number;
  /** Requests that arrived (every path). */
  requests: number;
  /** Of which GET /v1/replacements. */
  replacements: number;
  /** Requests whose response closed (answered, or dropped by down()). */
  finished: number;
  /** Most requests in flight at once. */
  maxInFlight: number;
  /** Requests in flight, averaged over the window (Little's law: rate × time in the server). */
  meanInFlight: number;
  /** Share of the window with at least `threshold` requests in flight, per threshold (1, 8, 16, 24, 32, 48). */
  shareAtLeast: Record<string, number>;
  /** TCP connections opened by clients in the window, and the most open at once. */
  connectionsOpened: number;
  maxOpenConnections: number;
  /** Time from a request's arrival to its response's end, as seen by the server (ms). */
  serverTimeMs: { p50: number; p99: number; max: number };
}

type Command =
  | { cmd: 'up' }
  | { cmd: 'down' }
  | { cmd: 'slow'; ms: number }
  | { cmd: 'failing'; status: number }
  | { cmd: 'stats'; reset: boolean }
  | { cmd: 'stop' };

type Request = Command & { id: number };
type Reply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string } | { ready: true; url: string; port: number };

const LEVELS = [1, 8, 16, 24, 32, 48];

/** The parent's handle on the child. */
export class FakeStoreProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`, the same port across down() / up(). */
    readonly url: string,
  ) {
    child.on('message', (raw) => {
      const reply = raw as Reply;
      if (!('id' in reply)) return;
      const pending = this.waiting.get(reply.id);
      if (!pending) return;
      this.waiting.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new Error(reply.error));
    });
    child.on('exit', (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`the fake store process exited (${code})`));
      this.waiting.clear();
    });
  }

  static async start(): Promise<FakeStoreProcess> {
    const child = fork(__filename, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, FAKE_STORE_CHILD: '1' } });
    const url = await new Promise<string>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const message = raw as Reply;
        if ('ready' in message) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message.url);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`the fake store process exited before it was ready (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new FakeStoreProcess(child, url);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...command, id } satisfies Request);
    });
  }

  up(): Promise<void> {
    return this.send({ cmd: 'up' });
  }
  /** Connection refused until up() / slow(). */
  down(): Promise<void> {
    return this.send({ cmd: 'down' });
  }
  /** Answers every request after `ms`. */
  slow(ms: number): Promise<void> {
    return this.send({ cmd: 'slow', ms });
  }
  failing(status: number): Promise<void> {
    return this.send({ cmd: 'failing', status });
  }
  /** The counts since the last reset; `reset` starts a new window. */
  stats(reset = false): Promise<StoreStats> {
    return this.send({ cmd: 'stats', reset });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.send({ cmd: 'stop' }).catch(() => undefined);
    await exited;
  }
}

/** Runs in the child: the fake store, counted. */
async function childMain(): Promise<void> {
  // The module object itself (not an __importStar copy): the fake store calls createServer on it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require('node:http') as typeof import('node:http');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startFakeStore } = require('../../test/support/fake-store-server') as typeof import('../../test/support/fake-store-server');

  let inFlight = 0;
  let openConnections = 0;
  let window = newWindow();
  function newWindow() {
    const now = performance.now();
    return {
      start: now,
      last: now,
      area: 0,
      atLeast: LEVELS.map(() => 0),
      requests: 0,
      replacements: 0,
      finished: 0,
      maxInFlight: inFlight,
      connectionsOpened: 0,
      maxOpenConnections: openConnections,
      serverTimes: [] as number[],
    };
  }
  const advance = () => {
    const now = performance.now();
    const dt = now - window.last;
    window.area += inFlight * dt;
    LEVELS.forEach((level, i) => {
      if (inFlight >= level) window.atLeast[i] += dt;
    });
    window.last = now;
    return now;
  };

  const instrument = (server: Server) => {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const arrived = advance();
      inFlight++;
      window.requests++;
      if ((req.url ?? '').includes('/replacements')) window.replacements++;
      if (inFlight > window.maxInFlight) window.maxInFlight = inFlight;
      res.once('close', () => {
        const now = advance();
        inFlight--;
        // A request that straddles a reset counts in the window it finished in.
        window.finished++;
        window.serverTimes.push(now - arrived);
      });
    });
    server.on('connection', (socket: Socket) => {
      openConnections++;
      window.connectionsOpened++;
      if (openConnections > window.maxOpenConnections) window.maxOpenConnections = openConnections;
      socket.once('close', () => openConnections--);
    });
  };

  const original = http.createServer;
  const wrapped = ((...args: Parameters<typeof http.createServer>) => {
    const server = (original as (...a: unknown[]) => Server).apply(http, args);
    instrument(server);
    return server;
  }) as typeof http.createServer;
  http.createServer = wrapped;
  let store: Awaited<ReturnType<typeof startFakeStore>>;
  try {
    store = await startFakeStore();
  } finally {
    http.createServer = original;
  }

  const stats = (reset: boolean): StoreStats => {
    const now = advance();
    const windowMs = now - window.start;
    const times = [...window.serverTimes].sort((a, b) => a - b);
    const at = (p: number) => (times.length === 0 ? NaN : times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))]);
    const result: StoreStats = {
      windowMs: Math.round(windowMs),
      requests: window.requests,
      replacements: window.replacements,
      finished: window.finished,
      maxInFlight: window.maxInFlight,
      meanInFlight: windowMs > 0 ? Math.round((window.area / windowMs) * 10) / 10 : 0,
      shareAtLeast: Object.fromEntries(LEVELS.map((level, i) => [String(level), windowMs > 0 ? Math.round((1000 * window.atLeast[i]) / windowMs) / 1000 : 0])),
      connectionsOpened: window.connectionsOpened,
      maxOpenConnections: window.maxOpenConnections,
      serverTimeMs: { p50: Math.round(at(50) * 10) / 10, p99: Math.round(at(99) * 10) / 10, max: Math.round((times[times.length - 1] ?? NaN) * 10) / 10 },
    };
    if (reset) window = newWindow();
    return result;
  };

  const run = async (command: Command): Promise<unknown> => {
    switch (command.cmd) {
      case 'up':
        return store.up();
      case 'down':
        return store.down();
      case 'slow':
        return store.slow(command.ms);
      case 'failing':
        return store.failing(command.status);
      case 'stats':
        return stats(command.reset);
      case 'stop':
        await store.stop();
        setImmediate(() => process.exit(0));
        return undefined;
    }
  };

  process.on('message', (raw) => {
    const request = raw as Request;
    run(request).then(
      (value) => process.send?.({ id: request.id, ok: true, value } satisfies Reply),
      (error: unknown) => process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies Reply),
    );
  });
  // The parent going away ends the child.
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: true, url: store.url, port: store.port } satisfies Reply);
}

if (require.main === module && process.env.FAKE_STORE_CHILD === '1') {
  childMain().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
