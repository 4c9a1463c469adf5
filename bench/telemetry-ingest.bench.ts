/**
 * HTTP telemetry ingest benchmark (see docs/benchmarks.md, "Telemetry ingest over HTTP").
 *
 * Goal (FULL, the default synchronous level): at least 3,000 ten-point batches/s accepted
 * (202) from many concurrent clients with p99 latency at most 100 ms; the same server's /health
 * rate with the same connections is the ceiling it is compared with.
 *
 * The compiled server (dist/src/main.js) runs in a child process on a scratch DATA_DIR, so the
 * load generator (autocannon, in this process) is a separate process; both share the machine's
 * CPUs, so the figures that compare are ratios taken side by side in this run. Per synchronous
 * level (FULL, then NORMAL):
 *  - CLIENTS workouts (start_date a day ago), WORKOUTS_PER_USER per registered user; each
 *    autocannon connection is one of them and posts that workout's next seq with a fresh
 *    10-point batch (1 Hz points after the previous batch's), so no batch is a duplicate;
 *  - warm-up, then /health for HEALTH_S (the ceiling), telemetry for INGEST_S, /health for
 *    HEALTH_S again (how quickly the server is free again: work left over shows here);
 *  - afterwards, with the server stopped, the TelemetryRecorded events in its SQLite file are
 *    counted: they must equal the 202s plus the requests still in flight when autocannon
 *    stopped (sent but never answered), and no request may get a non-2xx or an error.
 * When the FULL run misses the goal (or BENCH_PROFILE=1; BENCH_PROFILE=0 never), one more FULL
 * run is CPU-profiled (bench/lib/cpu-profile-preload.ts) during the ingest window only, and the
 * summary of where the server's time went is part of the report: by place, by function (self
 * and inclusive), and the share of a few costs in each 2 s of the window (a cost that grows
 * with the data stored shows as a rising share).
 * BENCH_WHATIF=1 (off by default: it adds about two minutes) also runs the server with fixes of
 * the biggest costs emulated by preloads, src/ untouched: jsonwebtoken given a KeyObject
 * (bench/lib/jwt-keyobject-preload.ts), then also an index on events (type, position)
 * (bench/lib/sqlite-type-index-preload.ts), with FULL and NORMAL.
 * All runs use one copy of dist/ taken at the start (snapshotServer()), so a rebuild of the
 * shared working tree during the benchmark does not change the server under it.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autocannon, AutocannonResult, autocannonVersion } from './lib/autocannon';
import { ProfileSummary, shareOverTime, summariseCpuProfile } from './lib/cpu-profile';
import { median, round } from './lib/measure';
import { percentile, report } from './lib/report';
import {
  JWT_KEYOBJECT_PRELOAD,
  machineCpuTicks,
  requestJson,
  ServerProcess,
  ServerSnapshot,
  sleep,
  snapshotServer,
  SQLITE_TYPE_INDEX_PRELOAD,
  startServerProcess,
} from './lib/server-process';

const CLIENTS = 200;
/** Each user records this many of the CLIENTS workouts at once (one per device/connection). */
const WORKOUTS_PER_USER = 4;
const CONNECTIONS = 200;
const POINTS_PER_BATCH = 10;
const WARMUP_S = 3;
const INGEST_S = 20;
const HEALTH_S = 8;
const PROFILE_INGEST_S = 12;
const SETUP_CONCURRENCY = 8;
const MODES = ['FULL', 'NORMAL'] as const;
type Mode = (typeof MODES)[number];

const GOALS = { batchesPerSec: 3_000, p99Ms: 100 };

// ---------------------------------------------------------------------------------------------
// Clients: one workout and one connection each; WORKOUTS_PER_USER of them per user.

interface Client {
  token: string;
  workoutId: string;
  startMs: number;
  nextSeq: number;
  lat0: number;
  lon0: number;
}

async function createClients(url: string, count: number): Promise<Client[]> {
  const runId = randomUUID().slice(0, 8);
  // A day ago, in whole seconds: 8,640 ten-second batches fit before "now" for every workout.
  const startMs = Math.floor((Date.now() - 24 * 3600_000) / 1000) * 1000;
  const clients: Client[] = new Array(count);
  const users = Math.ceil(count / WORKOUTS_PER_USER);
  let next = 0;
  const worker = async () => {
    for (let u = next++; u < users; u = next++) {
      // Registration hashes the password (argon2id): fewer users than workouts keeps the setup short.
      const registered = await requestJson<{ token: string }>('POST', `${url}/v1/auth/register`, {
        json: { email: `ingest-${runId}-${u}@example.com`, password: 'password-1', display_name: `Ingest ${u}` },
      });
      if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
      for (let i = u * WORKOUTS_PER_USER; i < Math.min(count, (u + 1) * WORKOUTS_PER_USER); i++) {
        const workoutId = randomUUID();
        const started = await requestJson('POST', `${url}/v1/workouts`, {
          json: { workout_id: workoutId, sport_type: 'Run', start_date: new Date(startMs).toISOString() },
          token: registered.body.token,
        });
        if (started.status !== 201) throw new Error(`start workout: ${started.status} ${JSON.stringify(started.body)}`);
        clients[i] = { token: registered.body.token, workoutId, startMs, nextSeq: 0, lat0: 47 + (i % 50) * 0.01, lon0: 8 + Math.floor(i / 50) * 0.01 };
      }
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  return clients;
}

/** The client's next batch: seq n holds the 1 Hz points of seconds 10n .. 10n+9 after the start. */
function nextBatch(client: Client): string {
  const seq = client.nextSeq++;
  let points = '';
  for (let i = 0; i < POINTS_PER_BATCH; i++) {
    const k = seq * POINTS_PER_BATCH + i;
    const t = client.startMs + k * 1000;
    const lat = (client.lat0 + k * 0.000027).toFixed(6);
    const lon = (client.lon0 + Math.sin(k / 300) * 0.002).toFixed(6);
    const ele = (400 + 20 * Math.sin(k / 600)).toFixed(1);
    const hr = 130 + (k % 30);
    const cad = 80 + (k % 10);
    points += `${i > 0 ? ',' : ''}{"t":${t},"lat":${lat},"lon":${lon},"ele":${ele},"hr":${hr},"cad":${cad}}`;
  }
  return `{"seq":${seq},"points":[${points}]}`;
}

// ---------------------------------------------------------------------------------------------
// Load phases.

interface Counters {
  /** Batches built and written to a connection. */
  sent: number;
  answered: number;
  byStatus: Record<string, number>;
  errors: number;
}

interface PhaseFigures {
  seconds: number;
  requestsPerSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** CPU the server used, in % of one core, and what the load generator (this process) used. */
  serverCpuPct: number;
  loadGeneratorCpuPct: number;
  /** Busy share of the whole machine (all cores), %. */
  machineBusyPct: number;
  /** Responses per second, second by second (autocannon's ticks): shows a rate that drifts. */
  perSecond: number[];
}

interface CpuMark {
  server: number;
  self: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
  at: bigint;
}

function cpuMark(server: ServerProcess): CpuMark {
  return { server: server.cpuSeconds(), self: process.cpuUsage(), machine: machineCpuTicks(), at: process.hrtime.bigint() };
}

function cpuSince(server: ServerProcess, mark: CpuMark): Pick<PhaseFigures, 'serverCpuPct' | 'loadGeneratorCpuPct' | 'machineBusyPct'> {
  const seconds = Number(process.hrtime.bigint() - mark.at) / 1e9;
  const self = process.cpuUsage(mark.self);
  const machine = machineCpuTicks();
  return {
    serverCpuPct: round((100 * (server.cpuSeconds() - mark.server)) / seconds),
    loadGeneratorCpuPct: round((100 * (self.user + self.system)) / 1e6 / seconds),
    machineBusyPct: round((100 * (machine.busy - mark.machine.busy)) / (machine.total - mark.machine.total)),
  };
}

function phaseFigures(result: AutocannonResult, latencies: number[], cpu: ReturnType<typeof cpuSince>, perSecond: number[]): PhaseFigures {
  latencies.sort((a, b) => a - b);
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    requestsPerSec: Math.round(ok / result.duration),
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? NaN),
      mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    },
    ...cpu,
    // The last bucket is a fraction of a second: left out.
    perSecond: Array.from(perSecond.slice(0, Math.floor(result.duration)), (n) => n ?? 0),
  };
}

async function ingest(server: ServerProcess, clients: Client[], seconds: number, counters: Counters): Promise<PhaseFigures> {
  let nextClient = 0;
  const latencies: number[] = [];
  const mark = cpuMark(server);
  const instance = autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    setupClient(connection) {
      const client = clients[nextClient++ % clients.length];
      connection.setRequests([
        {
          method: 'POST',
          path: `/v1/workouts/${client.workoutId}/telemetry`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${client.token}` },
          setupRequest(request) {
            request.body = nextBatch(client);
            counters.sent++;
            return request;
          },
        },
      ]);
    },
  });
  const perSecond: number[] = [];
  const started = Date.now();
  instance.on('response', (_client, status, _bytes, ms) => {
    counters.answered++;
    counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      latencies.push(ms);
      const second = Math.floor((Date.now() - started) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  });
  instance.on('reqError', () => counters.errors++);
  const result = await instance;
  return phaseFigures(result, latencies, cpuSince(server, mark), perSecond);
}

async function health(server: ServerProcess, seconds: number): Promise<PhaseFigures> {
  const latencies: number[] = [];
  const mark = cpuMark(server);
  const instance = autocannon({ url: `${server.url}/health`, connections: CONNECTIONS, duration: seconds, timeout: 10 });
  const perSecond: number[] = [];
  const started = Date.now();
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) {
      latencies.push(ms);
      const second = Math.floor((Date.now() - started) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
  });
  const result = await instance;
  return phaseFigures(result, latencies, cpuSince(server, mark), perSecond);
}

/** TelemetryRecorded events in the store, counted with the server stopped. */
function storedTelemetryEvents(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM events WHERE type = 'TelemetryRecorded'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// One server, one configuration.

interface RunOptions {
  /** The server's code, copied once for all runs. */
  snapshot: ServerSnapshot;
  /** Name in the tables. */
  label: string;
  synchronous: Mode;
  /** /health before and after the ingest window (the ceiling); off for the profiled run. */
  withHealth: boolean;
  ingestSeconds: number;
  /** CPU-profile the server during the ingest window only. */
  profile?: boolean;
  /** --require modules for the server: what-if experiments (bench/lib/jwt-keyobject-preload). */
  preloads?: string[];
}

interface RunFigures {
  label: string;
  synchronous: Mode;
  whatIf: string | null;
  clients: number;
  connections: number;
  setupSeconds: number;
  ingest: PhaseFigures;
  /**
   * /health with the same connections: `before` the ingest window is the ceiling (`requestsPerSec`);
   * `after` it shows what the ingest left the server busy with (a backlog of subscription reads
   * makes it drop, down to 0 when the server is stuck for the whole window).
   */
  health: { before: PhaseFigures; after: PhaseFigures; requestsPerSec: number; afterVsBefore: number } | null;
  /** Accepted batches/s over the /health rate just before. */
  ingestVsHealth: number | null;
  /** Server CPU time per accepted batch (all its threads), ms. */
  serverCpuMsPerBatch: number;
  check: {
    sent: number;
    answered: number;
    accepted202: number;
    otherStatuses: Record<string, number>;
    errors: number;
    /** Sent but unanswered when autocannon stopped or gave up on (timeouts). */
    inFlightAtStop: number;
    storedTelemetryRecorded: number;
    /**
     * Every 202 is stored and nothing is stored twice: 202s <= stored <= sent, and, when no
     * request timed out, stored === 202s + in flight at stop exactly. (A request autocannon
     * timed out on may or may not have been stored: it drops the connection.)
     */
    consistent: boolean;
    /** No non-2xx, no errors or timeouts (part of the goal). */
    clean: boolean;
  };
  goal: { batchesPerSec: number; p99Ms: number; pass: boolean };
  profile: { file: string; summary: ProfileSummary; overTime: Record<string, number[]> } | null;
}

async function run(options: RunOptions): Promise<RunFigures> {
  const { label, synchronous } = options;
  const dataDir = mkdtempSync(join(tmpdir(), `stride-ingest-${synchronous.toLowerCase()}-`));
  const profileFile = join(tmpdir(), `telemetry-ingest-${label.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`);
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({
      dataDir,
      snapshot: options.snapshot,
      env: { SQLITE_SYNCHRONOUS: synchronous },
      profile: options.profile,
      preloads: options.preloads,
    });
    const setupStart = Date.now();
    const clients = await createClients(server.url, CLIENTS);
    const setupSeconds = (Date.now() - setupStart) / 1000;
    const counters: Counters = { sent: 0, answered: 0, byStatus: {}, errors: 0 };
    console.error(`[${label}] ${CLIENTS / WORKOUTS_PER_USER} users, ${CLIENTS} workouts in ${setupSeconds.toFixed(1)} s; warm-up ${WARMUP_S} s`);
    await ingest(server, clients, WARMUP_S, counters);
    let before: PhaseFigures | undefined;
    if (options.withHealth) {
      await health(server, 2);
      before = await health(server, HEALTH_S);
      console.error(`[${label}] /health ${before.requestsPerSec}/s`);
    }
    console.error(`[${label}] telemetry for ${options.ingestSeconds} s${options.profile ? ' with the CPU profiler on' : ''}`);
    if (options.profile) await server.startProfile();
    const measured = await ingest(server, clients, options.ingestSeconds, counters);
    if (options.profile) await server.stopProfile(profileFile);
    console.error(`[${label}] ${measured.requestsPerSec} batches/s, p99 ${measured.latencyMs.p99} ms`);
    const after = options.withHealth ? await health(server, HEALTH_S) : undefined;
    await sleep(1_000);
    const exitCode = await server.stop();
    server = undefined;
    // Nest re-raises SIGTERM after its shutdown hooks, so a clean stop reports no exit code.
    if (exitCode !== 0 && exitCode !== null) console.error(`[${label}] the server exited with ${exitCode}`);
    const stored = storedTelemetryEvents(dataDir);
    const accepted202 = counters.byStatus['202'] ?? 0;
    const otherStatuses = Object.fromEntries(Object.entries(counters.byStatus).filter(([status]) => status !== '202'));
    const inFlightAtStop = counters.sent - counters.answered;
    const healthRate = before?.requestsPerSec;
    return {
      label,
      synchronous,
      whatIf: options.preloads?.length ? options.preloads.map((f) => f.slice(f.lastIndexOf('/') + 1)).join(', ') : null,
      clients: CLIENTS,
      connections: CONNECTIONS,
      setupSeconds: round(setupSeconds),
      ingest: measured,
      health: before && after && healthRate ? { before, after, requestsPerSec: healthRate, afterVsBefore: round(after.requestsPerSec / healthRate) } : null,
      ingestVsHealth: healthRate ? round(measured.requestsPerSec / healthRate) : null,
      serverCpuMsPerBatch: round((measured.serverCpuPct * 10) / measured.requestsPerSec),
      check: {
        sent: counters.sent,
        answered: counters.answered,
        accepted202,
        otherStatuses,
        errors: counters.errors,
        inFlightAtStop,
        storedTelemetryRecorded: stored,
        consistent: counters.errors === 0 ? stored === accepted202 + inFlightAtStop : stored >= accepted202 && stored <= counters.sent,
        clean: Object.keys(otherStatuses).length === 0 && counters.errors === 0,
      },
      goal: {
        ...GOALS,
        pass: measured.requestsPerSec >= GOALS.batchesPerSec && measured.latencyMs.p99 <= GOALS.p99Ms && measured.non2xx === 0 && measured.errors === 0,
      },
      profile: options.profile
        ? {
            file: profileFile,
            summary: summariseCpuProfile(profileFile, { top: 25, watch: WATCH }),
            overTime: Object.fromEntries(
              Object.entries(OVER_TIME).map(([name, pattern]) => [name, shareOverTime(profileFile, pattern, 2_000)]),
            ),
          }
        : null,
    };
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Costs followed through the profiled window (% of each 2 s that is spent under them): a growing one grows with the data stored. */
const OVER_TIME: Record<string, RegExp> = {
  'subscription reads (readPage)': /^readPage$/,
  'jwt verify (TokenService.verify)': /^verify$/,
  'command load (CommandProcessor.load)': /^load$/,
  'group commit (SqliteEventStore.flush)': /^flush$/,
};

/** Frames worth naming in the profile summary (inclusive time). */
const WATCH = [
  /^verify .*token\.service/,
  /^createPublicKey /,
  /^flush .*sqlite-event-store/,
  /^appendNow /,
  /^alreadyAppended /,
  /^exec \[native/,
  /^run \[native/,
  /^get \[native/,
  /^all \[native/,
  /^Statement \[native/,
  /^readStream /,
  /^readPage /,
  /^load .*command-processor/,
  /^handle .*command-processor/,
  /^envelope .*command-processor/,
  /^uuidV5 /,
  /^check .*event-schemas/,
  /^appendToStream .*event-schemas/,
  /^telemetryBatchProblems /,
  /^decide .*workout\.decider/,
  /^evolve .*workout\.decider/,
  /^follow .*(live-telemetry-hub|notification-hub)/,
  /^applyOnce /,
  /^toRecordedEvent /,
  /^parse \[native/,
  /^stringify \[native/,
  /^_parse .*secure-json-parse/,
  /^observe .*prom-client/,
  /^canActivate /,
  /^transform .*validation/,
  /^execute .*@nestjs\/cqrs/,
  /^telemetry .*workouts\.controller/,
  /^(writev|writeUtf8String|writeBuffer) \[native/,
  /^onread/,
  /^\(garbage collector\)/,
];

function row(r: RunFigures) {
  return {
    run: r.label,
    'batches/s': r.ingest.requestsPerSec,
    'p50 ms': r.ingest.latencyMs.p50,
    'p90 ms': r.ingest.latencyMs.p90,
    'p99 ms': r.ingest.latencyMs.p99,
    'max ms': r.ingest.latencyMs.max,
    'health/s': r.health?.requestsPerSec ?? null,
    'vs health': r.ingestVsHealth,
    'health/s after': r.health?.after.requestsPerSec ?? null,
    'server CPU %': r.ingest.serverCpuPct,
    'CPU ms/batch': r.serverCpuMsPerBatch,
    'loadgen CPU %': r.ingest.loadGeneratorCpuPct,
    'machine busy %': r.ingest.machineBusyPct,
    'errors+non2xx': r.check.errors + Object.values(r.check.otherStatuses).reduce((a, b) => a + b, 0),
    'stored ok': r.check.consistent,
    goal: r.goal.pass ? 'pass' : 'MISS',
  };
}

async function main(): Promise<void> {
  const snapshot = snapshotServer();
  try {
    await runAll(snapshot);
  } finally {
    snapshot.dispose();
  }
}

async function runAll(snapshot: ServerSnapshot): Promise<void> {
  const runs: RunFigures[] = [];
  for (const synchronous of MODES) runs.push(await run({ snapshot, label: synchronous, synchronous, withHealth: true, ingestSeconds: INGEST_S }));
  const full = runs[0];
  if (process.env.BENCH_PROFILE === '1' || (process.env.BENCH_PROFILE !== '0' && !full.goal.pass)) {
    runs.push(await run({ snapshot, label: 'FULL profiled', synchronous: 'FULL', withHealth: false, ingestSeconds: PROFILE_INGEST_S, profile: true }));
  }
  if (process.env.BENCH_WHATIF === '1') {
    // What fixing the two biggest costs the profile shows would give (emulated by preloads, not in src/).
    runs.push(
      await run({ snapshot, label: 'what-if FULL + jwt KeyObject', synchronous: 'FULL', withHealth: true, ingestSeconds: INGEST_S, profile: true, preloads: [JWT_KEYOBJECT_PRELOAD] }),
    );
    for (const synchronous of MODES) {
      runs.push(
        await run({
          snapshot,
          label: `what-if ${synchronous} + jwt KeyObject + type index`,
          synchronous,
          withHealth: true,
          ingestSeconds: INGEST_S,
          profile: synchronous === 'FULL',
          preloads: [JWT_KEYOBJECT_PRELOAD, SQLITE_TYPE_INDEX_PRELOAD],
        }),
      );
    }
  }

  const table = runs.map(row);
  console.table(table);
  for (const r of runs) {
    if (!r.profile) continue;
    console.log(`\nCPU profile of "${r.label}" (${r.ingest.requestsPerSec} batches/s while profiled): ${r.profile.file}`);
    console.log(`wall ${r.profile.summary.wallMs} ms, busy ${r.profile.summary.busyMs} ms, GC ${r.profile.summary.gcPct} % of busy`);
    console.table(r.profile.summary.byPlace.slice(0, 12));
    console.table(r.profile.summary.topSelf.slice(0, 20));
    console.table(r.profile.summary.watched);
    console.table(Object.entries(r.profile.overTime).map(([cost, shares]) => ({ cost, '% of each 2 s': shares.join(' ') })));
  }
  report('telemetry-ingest', {
    description:
      'POST /v1/workouts/{id}/telemetry, 10-point batches, one workout per autocannon connection, server in a child process (dist/src/main.js, embedded SQLite store); /health with the same connections as the ceiling',
    autocannon: autocannonVersion(),
    clients: CLIENTS,
    workoutsPerUser: WORKOUTS_PER_USER,
    connections: CONNECTIONS,
    pointsPerBatch: POINTS_PER_BATCH,
    warmupSeconds: WARMUP_S,
    ingestSeconds: INGEST_S,
    healthSeconds: { before: HEALTH_S, after: HEALTH_S },
    goals: GOALS,
    goalPass: full.goal.pass,
    table,
    runs,
    medianHealthPerSec: median(runs.filter((r) => r.health).map((r) => r.health!.requestsPerSec)),
  });
  if (runs.some((r) => !r.check.consistent)) {
    console.error('sanity check failed: the TelemetryRecorded events stored do not match the 202s (see figures.runs[].check)');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
