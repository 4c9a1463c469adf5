import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest, Agent } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { round } from './measure';

/** The node options `npm start` and the Dockerfile run the server with (package.json, docs/operations.md). */
export const SERVER_NODE_OPTIONS = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);

/**
 * The compiled server (dist/src/main.js) in a child process of its own, so that an HTTP load
 * generator in the benchmark's process is a separate process, as it would be in production.
 * Optionally with a CPU profiler (bench/lib/cpu-profile-preload) that the benchmark starts and
 * stops around the window it wants profiled.
 */

/** dist/src/main.js, seen from dist/bench/lib/ where this file runs once compiled. */
export const SERVER_MAIN = join(__dirname, '..', '..', 'src', 'main.js');
const PROFILE_PRELOAD = join(__dirname, 'cpu-profile-preload.js');

/**
 * A copy of the compiled server (dist/src) and of event-schemas/ under the OS temp dir, with
 * node_modules linked, taken once: every server a benchmark starts then runs the same code, even
 * when someone rebuilds dist/ in the shared working tree while the benchmark runs. `distDir` picks
 * another build's dist/ (an earlier commit's, to measure it side by side with this one).
 */
export interface ServerSnapshot {
  /** The copy's dist/src/main.js. */
  main: string;
  /** The copy's dist/ directory (preloads that patch server modules find them there). */
  distDir: string;
  dispose(): void;
}

export function snapshotServer(distDir: string = join(__dirname, '..', '..')): ServerSnapshot {
  const main = join(distDir, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const repo = join(__dirname, '..', '..', '..');
  const root = mkdtempSync(join(tmpdir(), 'stride-bench-server-'));
  cpSync(join(distDir, 'src'), join(root, 'dist', 'src'), { recursive: true });
  cpSync(join(repo, 'event-schemas'), join(root, 'event-schemas'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  return {
    main: join(root, 'dist', 'src', 'main.js'),
    distDir: join(root, 'dist'),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface ServerProcessOptions {
  dataDir: string;
  /** Run this copy (snapshotServer()) instead of dist/src/main.js. */
  snapshot?: ServerSnapshot;
  /** Extra environment (e.g. SQLITE_SYNCHRONOUS); LOG_LEVEL defaults to warn. */
  env?: Record<string, string>;
  /** Loads the CPU profile preload, so startProfile()/stopProfile() work. */
  profile?: boolean;
  /** More modules to load with --require before the server (what-if experiments). */
  preloads?: string[];
  /** Node options for the server instead of SERVER_NODE_OPTIONS (to compare them). */
  nodeOptions?: string[];
  /** How long to wait for /health to answer. */
  startTimeoutMs?: number;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** CPU time (user + system) the server process has used so far, in seconds (from /proc). */
  cpuSeconds(): number;
  startProfile(): Promise<void>;
  /** Stops the profiler and writes the .cpuprofile to `file`. */
  stopProfile(file: string): Promise<void>;
  /** SIGTERM (the app's shutdown hooks close the store), SIGKILL after 15 s; resolves on exit. */
  stop(): Promise<number | null>;
}

/** A port that was free a moment ago (the server cannot tell its port otherwise at LOG_LEVEL=warn). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const STORE_URLS = ['ESDB_URL', 'MONGO_URL', 'REDIS_URL', 'CLICKHOUSE_URL'];

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const main = options.snapshot?.main ?? SERVER_MAIN;
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The embedded defaults only: no production store, whatever the caller's shell has set.
  for (const name of STORE_URLS) delete env[name];
  delete env.SQLITE_SYNCHRONOUS;
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: options.dataDir, LOG_LEVEL: 'warn' }, options.env ?? {});
  // For preloads that patch a server module: where the server's compiled files are.
  env.BENCH_SERVER_DIST = options.snapshot?.distDir ?? join(__dirname, '..', '..');
  const preloads = [...(options.profile ? [PROFILE_PRELOAD] : []), ...(options.preloads ?? [])];
  const args = [...(options.nodeOptions ?? SERVER_NODE_OPTIONS), ...preloads.flatMap((file) => ['--require', file]), main];
  const child = spawn(process.execPath, args, {
    env,
    stdio: options.profile ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit'],
  });
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`the server exited (code ${exited}) before answering /health`);
    if ((await getStatus(`${url}/health`).catch(() => 0)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /health within ${options.startTimeoutMs ?? 30_000} ms`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    cpuSeconds: () => processCpuSeconds(child.pid!),
    startProfile: () => ask(child, { profile: 'start' }),
    stopProfile: (file) => ask(child, { profile: 'stop', file }),
    async stop() {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

function ask(child: ChildProcess, message: { profile: 'start' } | { profile: 'stop'; file: string }): Promise<void> {
  if (!child.send) return Promise.reject(new Error('the server was started without profile: true'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(message)}`)), 30_000);
    const onMessage = (reply: unknown) => {
      const answer = reply as { profile?: string; error?: string };
      if (answer.profile !== message.profile) return;
      child.off('message', onMessage);
      clearTimeout(timer);
      if (answer.error) reject(new Error(answer.error));
      else resolve();
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** utime + stime of a Linux process, in seconds; NaN where /proc is not there. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), which ends at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/**
 * Busy, stolen and total jiffies of the whole machine (first line of /proc/stat). Stolen time is
 * CPU the hypervisor gave to other machines while this one had work to run: a window with much of
 * it measured a slower machine than the others.
 */
export function machineCpuTicks(): { busy: number; stolen: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = values[3] + (values[4] ?? 0);
    return { busy: total - idle, stolen: values[7] ?? 0, total };
  } catch {
    return { busy: NaN, stolen: NaN, total: NaN };
  }
}

/**
 * Connections the kernel refused because a listen queue was full (TcpExt ListenOverflows in
 * /proc/net/netstat, the whole machine): each such client waits about a second for its SYN to be
 * sent again, which shows in a latency tail.
 */
function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const names = lines.find((line) => line.startsWith('TcpExt:'))?.split(/\s+/) ?? [];
    const values = lines.filter((line) => line.startsWith('TcpExt:'))[1]?.split(/\s+/) ?? [];
    return Number(values[names.indexOf('ListenOverflows')]);
  } catch {
    return NaN;
  }
}

/** Where the CPU clocks stood at the start of a window (serverCpuSince() reads them at its end). */
export interface ServerCpuMark {
  server: number;
  self: NodeJS.CpuUsage;
  machine: { busy: number; stolen: number; total: number };
  listenOverflows: number;
  atMs: number;
}

/** CPU over a window, each in % of one core except the whole machine's busy share (all cores). */
export interface ServerCpuFigures {
  serverCpuPct: number;
  /** This process: the load generator. */
  loadGeneratorCpuPct: number;
  machineBusyPct: number;
  /** The hypervisor's share of all cores' time (see machineCpuTicks()). */
  machineStolenPct: number;
  /** Connections refused for a full listen queue during the window (see listenOverflows()). */
  listenOverflows: number;
}

export function serverCpuMark(server: ServerProcess): ServerCpuMark {
  return { server: server.cpuSeconds(), self: process.cpuUsage(), machine: machineCpuTicks(), listenOverflows: listenOverflows(), atMs: performance.now() };
}

export function serverCpuSince(server: ServerProcess, mark: ServerCpuMark): ServerCpuFigures {
  const seconds = (performance.now() - mark.atMs) / 1000;
  const self = process.cpuUsage(mark.self);
  const machine = machineCpuTicks();
  return {
    serverCpuPct: round((100 * (server.cpuSeconds() - mark.server)) / seconds),
    loadGeneratorCpuPct: round((100 * (self.user + self.system)) / 1e6 / seconds),
    machineBusyPct: round((100 * (machine.busy - mark.machine.busy)) / (machine.total - mark.machine.total)),
    machineStolenPct: round((100 * (machine.stolen - mark.machine.stolen)) / (machine.total - mark.machine.total)),
    listenOverflows: listenOverflows() - mark.listenOverflows,
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** One JSON (or raw) request with a keep-alive agent; resolves with the status and parsed body. */
export function requestJson<T = unknown>(
  method: string,
  url: string,
  options: { json?: unknown; raw?: Buffer; contentType?: string; token?: string; timeoutMs?: number } = {},
): Promise<JsonResponse<T>> {
  const body = options.raw ?? (options.json !== undefined ? Buffer.from(JSON.stringify(options.json)) : undefined);
  const headers: Record<string, string> = {};
  if (body) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(body.length);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent, timeout: options.timeoutMs ?? 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed as T });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in ${options.timeoutMs ?? 120_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no projection of the server moves for `quietMs` (its `projection_checkpoint_position`
 * gauges in /metrics), and returns how long that took. An embedded server replays the whole event
 * log into its in-memory read models at start, in the background of a server that already
 * answers: a latency measured meanwhile would be the replay's.
 */
export async function projectionsSettled(url: string, options: { quietMs?: number; timeoutMs?: number } = {}): Promise<number> {
  const quietMs = options.quietMs ?? 2_000;
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 300_000);
  let last = '';
  let unchangedSince = performance.now();
  for (;;) {
    const metrics = await requestJson<string>('GET', `${url}/metrics`);
    const positions = String(metrics.body)
      .split('\n')
      .filter((line) => line.startsWith('projection_checkpoint_position{'))
      .join('\n');
    if (positions !== last) {
      last = positions;
      unchangedSince = performance.now();
    } else if (performance.now() - unchangedSince >= quietMs) {
      return performance.now() - started - quietMs;
    }
    if (performance.now() > deadline) throw new Error(`the projections were still moving after ${options.timeoutMs ?? 300_000} ms`);
    await sleep(250);
  }
}
