/**
 * Activity file import benchmark (see docs/benchmarks.md, "Activity file import over HTTP").
 *
 * For every good fixture (src/write/workouts/import/testing/fixtures.ts) and for a large
 * synthetic GPX (testing/large-gpx.ts: LARGE_POINTS points at 1 Hz with elevation, heart rate and cadence):
 *  - HTTP: POST /v1/workouts/import with the raw file and its Content-Type, to the compiled
 *    server (dist/src/main.js) in a child process on a scratch DATA_DIR, each run with a new
 *    ?workout_id so nothing is deduplicated (the same file twice is one workout by design);
 *    the time until the 201 (the summary, read after the workouts projection has the events);
 *  - parse only: parseActivityFile on the same bytes, in this process (the server parses in
 *    ActivityParserPool's worker threads, so its parse is off its event loop);
 *  - metrics only: computeWorkoutMetrics on the parsed points, in this process;
 *  - the rest (HTTP - parse - metrics): schema checks, serialisation, the SQLite append,
 *    projections, HTTP.
 * Figures are medians of RUNS timed runs after WARMUP untimed ones (LARGE_RUNS for the large
 * file), the three measurements interleaved run by run so that the machine's noise falls on all
 * of them alike. During every HTTP import of the large file a second client polls GET /health
 * one request after the other (on a quiet server first, for the baseline): its worst latency is
 * how long the import blocks the server's event loop, i.e. every other request (the whole parse
 * before the parser pool; since, only the work after the parse); it keeps polling after the 201
 * until /health is quick again, which shows the work the import leaves running (projections).
 * The server runs from a copy of dist/ taken at the start (snapshotServer()).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeWorkoutMetrics } from '../src/write/workouts/metrics';
import { ACTIVITY_CONTENT_TYPES, parseActivityFile } from '../src/write/workouts/import';
import { GOOD_ACTIVITY_FIXTURES, readActivityFixture } from '../src/write/workouts/import/testing/fixtures';
import { largeGpx } from '../src/write/workouts/import/testing/large-gpx';
import { median, round } from './lib/measure';
import { percentile, report } from './lib/report';
import { requestJson, ServerProcess, sleep, snapshotServer, startServerProcess } from './lib/server-process';

const WARMUP = 1;
const RUNS = 7;
const LARGE_POINTS = 100_000;
/** The fixtures before it have warmed the server and this process up. */
const LARGE_WARMUP = 0;
const LARGE_RUNS = 2;
/** A further run of a case is skipped when it would take the whole benchmark past this (heavily loaded machine). */
const BUDGET_MS = 170_000;
const benchStart = process.hrtime.bigint();
/** The /health poller's client-side timeout: longer than any block we expect to see. */
const HEALTH_TIMEOUT_MS = 300_000;

interface Case {
  name: string;
  contentType: string;
  body: Buffer;
  warmup: number;
  runs: number;
  /** Poll /health during the HTTP imports. */
  probeEventLoop: boolean;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

// ---------------------------------------------------------------------------------------------
// Event-loop probe: GET /health one after the other on a connection of its own.

/** A /health answer this fast means the server's event loop is free. */
const QUIET_MS = 5;
/** This many quiet answers in a row: the server has finished what it was doing. */
const QUIET_POLLS = 5;

interface Probe {
  /** Start offset (ms since the probe started) and latency of every /health. */
  samples: Array<{ at: number; ms: number }>;
  /** Resolves once QUIET_POLLS answers in a row took under QUIET_MS (after `notBefore`, ms since start). */
  quiet(notBefore?: number): Promise<number>;
  /** Milliseconds since the probe started. */
  now(): number;
  stop(): Promise<void>;
}

function startProbe(url: string): Probe {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: Array<{ at: number; ms: number }> = [];
  const origin = process.hrtime.bigint();
  let stopped = false;
  let waiter: { notBefore: number; resolve: (at: number) => void } | undefined;
  let quietRun = 0;
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const start = process.hrtime.bigint();
      const req = httpRequest(`${url}/health`, { agent, timeout: HEALTH_TIMEOUT_MS }, (res) => {
        res.resume();
        res.on('end', () => {
          const sample = { at: Number(start - origin) / 1e6, ms: ms(start) };
          samples.push(sample);
          quietRun = sample.ms < QUIET_MS ? quietRun + 1 : 0;
          if (waiter && quietRun >= QUIET_POLLS && sample.at >= waiter.notBefore) {
            // The quiet stretch began at the first of its polls.
            waiter.resolve(samples[samples.length - QUIET_POLLS].at);
            waiter = undefined;
          }
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('/health timed out')));
      req.on('error', reject);
      req.end();
    });
  const loop = (async () => {
    while (!stopped) {
      await once();
      // A short pause between polls when the loop is free, so the probe is not load itself.
      await sleep(2);
    }
  })();
  return {
    samples,
    now: () => Number(process.hrtime.bigint() - origin) / 1e6,
    quiet(notBefore = 0) {
      return new Promise((resolve) => (waiter = { notBefore, resolve }));
    },
    async stop() {
      stopped = true;
      await loop;
      agent.destroy();
    },
  };
}

/** A time limit that does not keep the process alive once the race it is in has been won. */
const giveUpAfter = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Waits until the server answers /health quickly again (what an earlier import left running is done). */
async function waitForQuiet(url: string): Promise<void> {
  const probe = startProbe(url);
  await Promise.race([probe.quiet(), giveUpAfter(120_000)]);
  await probe.stop();
}

interface ProbeFigures {
  httpMs: number;
  polls: number;
  /** /health median on an idle server just before. */
  baselineP50Ms: number;
  /** Longest single /health answer while importing: about the longest event-loop block. */
  maxMs: number;
  p50Ms: number;
  /** Polls slower than 50 ms. */
  over50ms: number;
  /** Sum over the polls of (latency - baseline p50): how long other requests were held up, in total. */
  blockedMsTotal: number;
  /** From the 201 until /health was quick again: work the import leaves running (projections...). */
  busyAfterResponseMs: number;
}

async function probedImport(server: ServerProcess, token: string, c: Case): Promise<ProbeFigures> {
  await waitForQuiet(server.url);
  const idle = startProbe(server.url);
  await sleep(300);
  await idle.stop();
  const baseline = percentile(
    idle.samples.map((s) => s.ms).sort((a, b) => a - b),
    50,
  );
  const probe = startProbe(server.url);
  await sleep(50);
  const httpMs = await importOnce(server, token, c);
  const respondedAt = probe.now();
  const quietAt = await Promise.race([probe.quiet(respondedAt), giveUpAfter(120_000).then(() => NaN)]);
  await probe.stop();
  const latencies = probe.samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    httpMs: round(httpMs),
    polls: latencies.length,
    baselineP50Ms: round(baseline),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
    p50Ms: round(percentile(latencies, 50)),
    over50ms: latencies.filter((l) => l > 50).length,
    blockedMsTotal: Math.round(latencies.reduce((sum, l) => sum + Math.max(0, l - baseline), 0)),
    busyAfterResponseMs: Math.round(Math.max(0, quietAt - respondedAt)),
  };
}

// ---------------------------------------------------------------------------------------------
// Measurements.

interface CaseFigures {
  file: string;
  contentType: string;
  bytes: number;
  points: number;
  sport_type: string;
  runs: number;
  http: { medianMs: number; minMs: number; maxMs: number };
  parseOnly: { medianMs: number; minMs: number };
  metricsOnly: { medianMs: number; minMs: number };
  /** HTTP median minus parse and metrics medians. */
  restMs: number;
  split: { parsePct: number; metricsPct: number; restPct: number };
  pointsPerSecondHttp: number;
  eventLoop?: { perRun: ProbeFigures[]; worstMaxMs: number; medianMaxMs: number; medianBusyAfterResponseMs: number };
}

interface Summary {
  workout_id: string;
  status: string;
  distance: number | null;
}

async function importOnce(server: ServerProcess, token: string, c: Case): Promise<number> {
  const start = process.hrtime.bigint();
  const reply = await requestJson<Summary>('POST', `${server.url}/v1/workouts/import?workout_id=${randomUUID()}`, {
    raw: c.body,
    contentType: c.contentType,
    token,
    timeoutMs: 300_000,
  });
  const elapsed = ms(start);
  if (reply.status !== 201 || reply.body.status !== 'completed') {
    throw new Error(`import ${c.name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  }
  return elapsed;
}

async function measureCase(server: ServerProcess, token: string, c: Case): Promise<CaseFigures> {
  // Parse only and metrics only (in this process) and the whole import over HTTP (in the
  // server), interleaved run by run so that the machine's noise falls on all three alike.
  let parsed = await parseActivityFile(c.body, c.contentType);
  const parseOnce = async (): Promise<number> => {
    const start = process.hrtime.bigint();
    parsed = await parseActivityFile(c.body, c.contentType);
    return ms(start);
  };
  const metricsOnce = (): number => {
    const start = process.hrtime.bigint();
    computeWorkoutMetrics(parsed.points, parsed.sport_type);
    return ms(start);
  };
  for (let i = 0; i < c.warmup; i++) {
    await parseOnce();
    metricsOnce();
    await importOnce(server, token, c);
  }
  const parseTimes: number[] = [];
  const metricsTimes: number[] = [];
  let lastRunMs = 0;
  const httpTimes: number[] = [];
  const probes: ProbeFigures[] = [];
  for (let i = 0; i < c.runs; i++) {
    const runStart = process.hrtime.bigint();
    if (i >= 1 && ms(benchStart) + lastRunMs > BUDGET_MS) {
      console.error(`${c.name}: ${i} of ${c.runs} runs made; another would take the benchmark past ${BUDGET_MS / 1000} s`);
      break;
    }
    // No forced GC in between: a full collection before a parse makes that parse 2-3x slower
    // (the heap shrinks, code is flushed), which the server never does.
    parseTimes.push(await parseOnce());
    metricsTimes.push(metricsOnce());
    if (c.probeEventLoop) {
      const probe = await probedImport(server, token, c);
      probes.push(probe);
      httpTimes.push(probe.httpMs);
    } else {
      httpTimes.push(await importOnce(server, token, c));
    }
    lastRunMs = ms(runStart);
  }
  const parse = { times: parseTimes };
  const metrics = { times: metricsTimes };
  const httpMedian = median(httpTimes);
  const parseMedian = median(parse.times);
  const metricsMedian = median(metrics.times);
  const rest = httpMedian - parseMedian - metricsMedian;
  const pct = (part: number) => round((100 * part) / httpMedian, 3);
  const figures: CaseFigures = {
    file: c.name,
    contentType: c.contentType,
    bytes: c.body.length,
    points: parsed.points.length,
    sport_type: parsed.sport_type,
    runs: httpTimes.length,
    http: { medianMs: round(httpMedian), minMs: round(Math.min(...httpTimes)), maxMs: round(Math.max(...httpTimes)) },
    parseOnly: { medianMs: round(parseMedian), minMs: round(Math.min(...parse.times)) },
    metricsOnly: { medianMs: round(metricsMedian), minMs: round(Math.min(...metrics.times)) },
    restMs: round(rest),
    split: { parsePct: pct(parseMedian), metricsPct: pct(metricsMedian), restPct: pct(rest) },
    pointsPerSecondHttp: Math.round(parsed.points.length / (httpMedian / 1000)),
  };
  if (probes.length > 0) {
    figures.eventLoop = {
      perRun: probes,
      worstMaxMs: round(Math.max(...probes.map((p) => p.maxMs))),
      medianMaxMs: round(median(probes.map((p) => p.maxMs))),
      medianBusyAfterResponseMs: round(median(probes.map((p) => p.busyAfterResponseMs))),
    };
  }
  return figures;
}

async function main(): Promise<void> {
  const buildStart = process.hrtime.bigint();
  const large = largeGpx(LARGE_POINTS);
  const buildMs = ms(buildStart);
  const cases: Case[] = [
    ...GOOD_ACTIVITY_FIXTURES.map((f) => ({ name: f.file, contentType: f.contentType, body: readActivityFixture(f), warmup: WARMUP, runs: RUNS, probeEventLoop: false })),
    {
      name: `synthetic-${LARGE_POINTS / 1000}k.gpx`,
      contentType: ACTIVITY_CONTENT_TYPES.gpx,
      body: large,
      warmup: LARGE_WARMUP,
      runs: LARGE_RUNS,
      probeEventLoop: true,
    },
  ];

  const dataDir = mkdtempSync(join(tmpdir(), 'stride-import-'));
  const snapshot = snapshotServer();
  let server: ServerProcess | undefined;
  const results: CaseFigures[] = [];
  try {
    const startAt = process.hrtime.bigint();
    server = await startServerProcess({ dataDir, snapshot });
    console.error(`large GPX built in ${(buildMs / 1000).toFixed(1)} s; server up in ${(ms(startAt) / 1000).toFixed(1)} s`);
    const user = await requestJson<{ token: string }>('POST', `${server.url}/v1/auth/register`, {
      json: { email: `import-${randomUUID().slice(0, 8)}@example.com`, password: 'password-1', display_name: 'Import bench' },
    });
    if (user.status !== 201) throw new Error(`register: ${user.status} ${JSON.stringify(user.body)}`);
    for (const c of cases) {
      const caseStart = process.hrtime.bigint();
      const figures = await measureCase(server, user.body.token, c);
      console.error(
        `${c.name}: HTTP ${figures.http.medianMs} ms, parse ${figures.parseOnly.medianMs} ms, metrics ${figures.metricsOnly.medianMs} ms (case took ${(ms(caseStart) / 1000).toFixed(1)} s)`,
      );
      results.push(figures);
    }
  } finally {
    const stopAt = process.hrtime.bigint();
    await server?.stop();
    console.error(`server stopped in ${(ms(stopAt) / 1000).toFixed(1)} s`);
    rmSync(dataDir, { recursive: true, force: true });
    snapshot.dispose();
  }

  const table = results.map((r) => ({
    file: r.file,
    KiB: Math.round(r.bytes / 1024),
    points: r.points,
    runs: r.runs,
    'HTTP ms': r.http.medianMs,
    'parse ms': r.parseOnly.medianMs,
    'metrics ms': r.metricsOnly.medianMs,
    'rest ms': r.restMs,
    'parse %': r.split.parsePct,
    'metrics %': r.split.metricsPct,
    'rest %': r.split.restPct,
    'points/s': r.pointsPerSecondHttp,
  }));
  console.table(table);
  const largeFigures = results[results.length - 1];
  console.table(largeFigures.eventLoop?.perRun ?? []);
  report('import', {
    description:
      'POST /v1/workouts/import per good fixture and a large synthetic GPX, server in a child process (dist/src/main.js, embedded SQLite, synchronous=FULL); parse-only and metrics-only in-process; medians',
    warmup: WARMUP,
    runs: RUNS,
    large: { points: LARGE_POINTS, bytes: large.length, buildMs: round(buildMs), warmup: LARGE_WARMUP, runs: LARGE_RUNS },
    table,
    cases: results,
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
