/**
 * Promo saga benchmark (see docs/benchmarks.md, "Promo saga"): shoe-wear thresholds to promo
 * offers per second with the store API answering in 50 ms, to show whether the saga serialises
 * behind slow store calls; and what an outage of the store does to the offers.
 *
 * The real app runs in this process (`startApp`, embedded: SQLite events and job outbox,
 * synchronous NORMAL) with COMMERCE_URL pointing at the fake store of the tests
 * (test/support/fake-store-server.ts), which runs in a child process of its own
 * (bench/lib/fake-store-process.ts) and counts the requests it has in flight.
 *
 * Every round: fresh shoes of USERS registered athletes (UserRegistered + UserProfileUpdated with
 * a region, ShoeRegistered; appended straight to `app.runtime.eventStore`, valid per
 * event-schemas/, untimed, then every projection and saga settles). Then the clock starts and
 * each shoe gets what the gear-wear saga appends when a run takes it to 75 % of its lifespan:
 * ShoeWorn + ShoeWearThresholdReached(75), all shoes at once (group commit). The shoe_promos saga
 * enqueues `promo-<shoe>-75` per event, the promo worker (concurrency 32) asks the store and
 * records PromoOffered through the shoe decider. The clock stops at the last shoe's PromoOffered
 * (its recordedAt). Checked every round: exactly one PromoOffered per shoe, no dead promo job.
 * Also per round: the app's CPU per offer and event-loop utilisation, and what the event store did
 * for the subscriptions (group commits, filtered page reads; bench/lib/sqlite-store-probe.ts).
 *
 *  A. Throughput, the store answering every request after STORE_MS (50 ms): a warm-up round, then
 *     ROUNDS rounds of SHOES (the headline; median). Serial ceiling 1 / 50 ms = 20 offers/s, the
 *     worker's 32 × 20 = 640/s; concurrency seen at the store: max and time-weighted mean in flight.
 *     Diagnostic rounds (DIAGNOSTIC_SHOES): the same with every job enqueued by the benchmark right
 *     after the thresholds (same ids: the saga's enqueues then change nothing), i.e. the worker not
 *     paced by the saga; and the store answering at once. Below half of 640/s (or BENCH_PROFILE=1;
 *     BENCH_PROFILE=0 never), a round under V8's CPU profiler, summarised; and (or BENCH_WHATIF=1;
 *     BENCH_WHATIF=0 never) what-if rounds with an index on events (type, position) added to the
 *     running app's file (src/ untouched): 50 ms store, instant store, jobs pre-enqueued.
 *  B, C. Outage, two apps side by side against the same store, B with JOB_BACKOFF_MS=50, C with
 *     the default job backoff (1 s): the store is down (connection refused) for DOWN_MS while SHOES
 *     thresholds arrive in each, then answers in 50 ms again. Followed until every offer is there
 *     or no promo job is left to run; dead-lettered jobs are then retried (as `replay-tools
 *     dead-letters retry` does) once the app's circuit breaker is no longer open.
 *
 * BENCH_PROMO_SHOES (1000), BENCH_PROMO_ROUNDS (1), BENCH_PROMO_DIAGNOSTIC_SHOES (400),
 * BENCH_PROMO_OUTAGE=0 skips B and C. About 3 minutes on a busy 2-core machine.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { App } from '../src/bootstrap';
import { startApp } from '../src/bootstrap';
import { loadSettings } from '../src/config/settings';
import type { EventMetadata, NewEvent } from '../src/core/event-store';
import { HttpCommerce } from '../src/infra/commerce/http/http-commerce';
import { ProjectionsService } from '../src/projections/projections.service';
import { PROMO_JOB, type PromoJob } from '../src/sagas/shoe-promos.saga';
import { shoeStream } from '../src/write/gear/events';
import { userStream } from '../src/write/identity/streams';
import { ProfileSummary, summariseCpuProfile } from './lib/cpu-profile';
import { FakeStoreProcess, StoreStats } from './lib/fake-store-process';
import { InProcessProfiler } from './lib/in-process-profiler';
import { SqliteStoreProbe, StoreProbeCounts } from './lib/sqlite-store-probe';
import { collectGarbage, median, round } from './lib/measure';
import { report } from './lib/report';

const SHOES = Number(process.env.BENCH_PROMO_SHOES ?? 1000);
const ROUNDS = Number(process.env.BENCH_PROMO_ROUNDS ?? 1);
const WARMUP_SHOES = 200;
const USERS = 200;
const STORE_MS = 50;
const WORKER_CONCURRENCY = 32; // PROMO_CONCURRENCY in src/sagas/sagas.service.ts
const SERIAL_CEILING = 1000 / STORE_MS;
const DOWN_MS = 3000;
const ROUND_CAP_MS = 60_000;
const OUTAGE_CAP_MS = 110_000;
const POLL_MS = 20;
const REGIONS = ['NL', 'DE', 'FR', 'GB', 'US'];
const MODELS: Array<[string, string]> = [
  ['Nike', 'Pegasus 39'],
  ['Asics', 'Gel-Nimbus 26'],
  ['Brooks', 'Ghost 15'],
  ['Hoka', 'Clifton 9'],
  ['Saucony', 'Ride 17'],
  ['Nike', 'Vaporfly 3'],
];
const LIFESPAN_KM = 800;
const THRESHOLD = 75;
const PROFILE = process.env.BENCH_PROFILE;
/** Shoes of the diagnostic rounds (instant store, pre-enqueued, profiled, what-if). */
const DIAGNOSTIC_SHOES = Number(process.env.BENCH_PROMO_DIAGNOSTIC_SHOES ?? 400);
/** The instant-store round without the what-if index is the slowest of all (every offer commits alone): fewer shoes. */
const INSTANT_SHOES = Math.min(200, DIAGNOSTIC_SHOES);
const PROFILED_SHOES = Math.min(200, DIAGNOSTIC_SHOES);
const WHATIF = process.env.BENCH_WHATIF;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The app and its data

interface Bench {
  app: App;
  dataDir: string;
  users: string[];
  /** `$all` position up to which PromoOffered events have been counted. */
  cursor: bigint;
  offers: Map<string, number>;
  offerTimes: Map<string, number>;
  probe: SqliteStoreProbe | undefined;
}

async function openBench(store: FakeStoreProcess, env: Record<string, string> = {}): Promise<Bench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stride-bench-promo-'));
  const app = await startApp(
    loadSettings({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', COMMERCE_URL: store.url, ...env }),
  );
  const bench: Bench = { app, dataDir, users: [], cursor: -1n, offers: new Map(), offerTimes: new Map(), probe: SqliteStoreProbe.attach(app.runtime.eventStore) };
  await registerUsers(bench, USERS);
  bench.cursor = await app.runtime.eventStore.headPosition();
  return bench;
}

async function closeBench(bench: Bench): Promise<void> {
  await bench.app.close();
  rmSync(bench.dataDir, { recursive: true, force: true });
}

function metadata(bench: Bench, type: string, actorId: string, correlationId: string): EventMetadata {
  return {
    eventId: randomUUID(),
    correlationId,
    causationId: correlationId,
    actorId,
    occurredAt: new Date().toISOString(),
    schemaVersion: bench.app.runtime.schemas.currentVersion(type),
  };
}

function event(bench: Bench, type: string, data: object, actorId: string, correlationId: string): NewEvent {
  return { type, data, metadata: metadata(bench, type, actorId, correlationId) };
}

async function registerUsers(bench: Bench, count: number): Promise<void> {
  const appends: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    const userId = randomUUID();
    const request = randomUUID();
    bench.users.push(userId);
    appends.push(
      bench.app.runtime.eventStore.appendToStream(
        userStream(userId),
        [
          event(
            bench,
            'UserRegistered',
            {
              user_id: userId,
              email: `runner-${userId}@bench.example.com`,
              display_name: `Runner ${i}`,
              password_hash: '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0$YmVuY2hoYXNoYmVuY2hoYXNoYmVuY2g',
              roles: [],
              default_visibility: 'everyone',
            },
            userId,
            request,
          ),
          event(bench, 'UserProfileUpdated', { user_id: userId, region: REGIONS[i % REGIONS.length] }, userId, request),
        ],
        { expectedRevision: 'no_stream' },
      ),
    );
  }
  await Promise.all(appends);
}

interface Shoe {
  shoeId: string;
  ownerId: string;
  brand: string;
  model: string;
}

/** SHOES new shoes, registered (untimed). */
async function registerShoes(bench: Bench, count: number): Promise<Shoe[]> {
  const shoes: Shoe[] = Array.from({ length: count }, (_, i) => {
    const [brand, model] = MODELS[i % MODELS.length];
    return { shoeId: randomUUID(), ownerId: bench.users[i % bench.users.length], brand, model };
  });
  await Promise.all(
    shoes.map((shoe) =>
      bench.app.runtime.eventStore.appendToStream(
        shoeStream(shoe.shoeId),
        [
          event(
            bench,
            'ShoeRegistered',
            { shoe_id: shoe.shoeId, owner_id: shoe.ownerId, brand_name: shoe.brand, model_name: shoe.model, lifespan_km: LIFESPAN_KM },
            shoe.ownerId,
            randomUUID(),
          ),
        ],
        { expectedRevision: 'no_stream' },
      ),
    ),
  );
  return shoes;
}

/** What the gear-wear saga appends for a run that takes the shoe to 75 %: ShoeWorn + the threshold. Returns the last position. */
async function wearShoes(bench: Bench, shoes: readonly Shoe[]): Promise<bigint> {
  const distance = (LIFESPAN_KM * 1000 * THRESHOLD) / 100;
  const results = await Promise.all(
    shoes.map((shoe) => {
      const cause = randomUUID();
      return bench.app.runtime.eventStore.appendToStream(
        shoeStream(shoe.shoeId),
        [
          event(bench, 'ShoeWorn', { shoe_id: shoe.shoeId, workout_id: randomUUID(), distance, total_distance: distance }, 'system:gear-wear', cause),
          event(
            bench,
            'ShoeWearThresholdReached',
            {
              shoe_id: shoe.shoeId,
              owner_id: shoe.ownerId,
              threshold: THRESHOLD,
              total_distance: distance,
              lifespan_km: LIFESPAN_KM,
              brand_name: shoe.brand,
              model_name: shoe.model,
            },
            'system:gear-wear',
            cause,
          ),
        ],
        { expectedRevision: 0n },
      );
    }),
  );
  return results.reduce((max, r) => (r.position > max ? r.position : max), -1n);
}

/** Waits until every projection and saga has applied everything in the store. */
async function settle(bench: Bench, timeoutMs = 60_000): Promise<void> {
  const head = await bench.app.runtime.eventStore.headPosition();
  const projections = bench.app.nest.get(ProjectionsService);
  await Promise.all([...projections.runners.values()].map((runner) => runner.waitFor(head, timeoutMs)));
}

/** Counts the PromoOffered events appended since the last call (per shoe|threshold), with their recordedAt. */
async function countOffers(bench: Bench): Promise<void> {
  for await (const recorded of bench.app.runtime.eventStore.readAll({ after: bench.cursor })) {
    bench.cursor = recorded.position;
    if (recorded.type !== 'PromoOffered') continue;
    const data = recorded.data as { shoe_id: string; threshold: number };
    const key = `${data.shoe_id}|${data.threshold}`;
    bench.offers.set(key, (bench.offers.get(key) ?? 0) + 1);
    if (!bench.offerTimes.has(key)) bench.offerTimes.set(key, Date.parse(recorded.recordedAt));
  }
}

interface OfferCheck {
  expected: number;
  offered: number;
  /** Shoes of the round with more than one PromoOffered for the threshold. */
  duplicated: number;
  missing: number;
  deadPromoJobs: number;
}

async function checkOffers(bench: Bench, shoes: readonly Shoe[]): Promise<OfferCheck> {
  await countOffers(bench);
  let offered = 0;
  let duplicated = 0;
  let missing = 0;
  for (const shoe of shoes) {
    const n = bench.offers.get(`${shoe.shoeId}|${THRESHOLD}`) ?? 0;
    if (n === 0) missing++;
    else offered++;
    if (n > 1) duplicated++;
  }
  const dead = await bench.app.runtime.jobQueue.deadLetters(PROMO_JOB);
  return { expected: shoes.length, offered, duplicated, missing, deadPromoJobs: dead.length };
}

function offeredCount(bench: Bench, shoes: readonly Shoe[]): number {
  let n = 0;
  for (const shoe of shoes) if (bench.offers.has(`${shoe.shoeId}|${THRESHOLD}`)) n++;
  return n;
}

async function promoJobsOutstanding(bench: Bench): Promise<number> {
  const counts = await bench.app.runtime.jobQueue.counts();
  return counts.waiting + counts.active + counts.delayed;
}

// ---------------------------------------------------------------------------------------------
// A. Throughput

interface RoundFigures {
  label: string;
  shoes: number;
  /** Thresholds appended (group commit), from the clock's start. */
  appendMs: number;
  /** The shoe_promos saga had enqueued every job (its checkpoint past the last threshold); NaN: not yet at the last offer. */
  sagaEnqueuedAllMs: number;
  /** Shoes / sagaEnqueuedAllMs: how fast the saga fed the worker. */
  sagaEnqueuesPerSec: number;
  firstOfferMs: number;
  lastOfferMs: number;
  /** Shoes / time to the last offer. */
  offersPerSec: number;
  /** Between the first and the last offer (without the first call's 50 ms and the start-up). */
  steadyOffersPerSec: number;
  /** offersPerSec / (1 / 50 ms): how many store calls ran in parallel on average. */
  vsSerialCeiling: number;
  /** offersPerSec / (32 × 20/s). */
  vsWorkerCeiling: number;
  store: StoreStats;
  /** Event-loop utilisation of the app's process during the window (1 = never idle). */
  appEventLoopUtilisation: number;
  /** CPU of the app's process during the window, in cores (user + system / wall). */
  appCpuCores: number;
  /** CPU of the app's process per offer (ms): steadier than the rates on a shared machine. */
  appCpuMsPerOffer: number;
  /** Events in the store when the round started (the subscriptions' scans grow with it). */
  eventsInStore: number;
  /** The machine's 1-minute load average at the end of the round (2 cores). */
  loadAverage: number;
  /** What the event store did for the subscriptions during the window (bench/lib/sqlite-store-probe.ts). */
  storeWork?: StoreProbeCounts & { groupCommitsPerOffer: number; filteredPagesPerOffer: number; filteredPageMsPerOffer: number };
  check: OfferCheck;
}

interface RoundOptions {
  /** Profile the window with V8's sampling profiler into this file. */
  profileFile?: string;
  /**
   * Enqueue every promo job ourselves right after the thresholds, with the ids and payloads the
   * saga gives them (its own enqueues then change nothing): the worker stage alone, not paced by
   * the saga.
   */
  preEnqueue?: boolean;
}

async function throughputRound(bench: Bench, store: FakeStoreProcess, label: string, count: number, options: RoundOptions = {}): Promise<RoundFigures> {
  const { profileFile, preEnqueue } = options;
  const shoes = await registerShoes(bench, count);
  await settle(bench);
  await countOffers(bench);
  collectGarbage();
  const sagaRunner = bench.app.nest.get(ProjectionsService).runner({ name: 'shoe_promos' });
  const eventsInStore = Number(await bench.app.runtime.eventStore.headPosition()) + 1;
  const profiler = profileFile ? new InProcessProfiler() : undefined;
  if (profiler) await profiler.start();
  await store.stats(true);
  bench.probe?.take();
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const wall0 = Date.now();
  const t0 = performance.now();
  const lastPosition = await wearShoes(bench, shoes);
  if (preEnqueue) {
    await bench.app.runtime.jobQueue.enqueue(
      shoes.map((shoe) => ({
        id: `promo-${shoe.shoeId}-${THRESHOLD}`,
        type: PROMO_JOB,
        payload: { shoe_id: shoe.shoeId, owner_id: shoe.ownerId, threshold: THRESHOLD, brand_name: shoe.brand, model_name: shoe.model } satisfies PromoJob,
      })),
    );
  }
  const appendMs = performance.now() - t0;
  let sagaEnqueuedAllMs = NaN;
  const deadline = t0 + ROUND_CAP_MS;
  while (performance.now() < deadline) {
    await countOffers(bench);
    if (Number.isNaN(sagaEnqueuedAllMs) && sagaRunner.position >= lastPosition) sagaEnqueuedAllMs = performance.now() - t0;
    if (offeredCount(bench, shoes) >= count) break;
    await sleep(POLL_MS);
  }
  const wallMs = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const storeStats = await store.stats(true);
  const probe = bench.probe?.take();
  if (profiler && profileFile) await profiler.stop(profileFile);
  if (Number.isNaN(sagaEnqueuedAllMs) && sagaRunner.position >= lastPosition) sagaEnqueuedAllMs = wallMs;
  // Let stragglers (a duplicate would be one) land, then check.
  await settle(bench);
  await bench.app.runtime.jobQueue.drained(30_000).catch(() => undefined);
  await sleep(200);
  const check = await checkOffers(bench, shoes);
  const times = shoes.map((s) => bench.offerTimes.get(`${s.shoeId}|${THRESHOLD}`)).filter((t): t is number => t !== undefined);
  const first = Math.min(...times) - wall0;
  const last = Math.max(...times) - wall0;
  const offersPerSec = times.length / (last / 1000);
  const perOffer = (value: number) => round(value / Math.max(1, times.length));
  return {
    label,
    shoes: count,
    appendMs: round(appendMs),
    sagaEnqueuedAllMs: round(sagaEnqueuedAllMs),
    sagaEnqueuesPerSec: round(count / (sagaEnqueuedAllMs / 1000)),
    firstOfferMs: first,
    lastOfferMs: last,
    offersPerSec: round(offersPerSec),
    steadyOffersPerSec: round((times.length - 1) / ((last - first) / 1000)),
    vsSerialCeiling: round(offersPerSec / SERIAL_CEILING),
    vsWorkerCeiling: round(offersPerSec / (WORKER_CONCURRENCY * SERIAL_CEILING)),
    store: storeStats,
    appEventLoopUtilisation: round(elu.utilization),
    appCpuCores: round((cpu.user + cpu.system) / 1000 / wallMs),
    appCpuMsPerOffer: perOffer((cpu.user + cpu.system) / 1000),
    eventsInStore,
    loadAverage: round(loadavg()[0]),
    storeWork: probe && {
      ...probe,
      groupCommitsPerOffer: perOffer(probe.groupCommits),
      filteredPagesPerOffer: perOffer(probe.filteredPages),
      filteredPageMsPerOffer: perOffer(probe.filteredPageMs),
    },
    check,
  };
}

function printRound(r: RoundFigures): void {
  console.log(
    `  ${r.label}: ${r.shoes} thresholds → ${r.check.offered} offers in ${r.lastOfferMs} ms = ${r.offersPerSec}/s ` +
      `(steady ${r.steadyOffersPerSec}/s; ${r.vsSerialCeiling}× the serial 20/s, ${Math.round(100 * r.vsWorkerCeiling)} % of 32×20/s); ` +
      `appended in ${r.appendMs} ms, saga enqueued all by ${r.sagaEnqueuedAllMs} ms, first offer ${r.firstOfferMs} ms; ` +
      `store in flight max ${r.store.maxInFlight} mean ${r.store.meanInFlight}, server time p50 ${r.store.serverTimeMs.p50} ms, ${r.store.maxOpenConnections} connections; ` +
      `load ${r.loadAverage}, app loop busy ${Math.round(100 * r.appEventLoopUtilisation)} %, CPU ${r.appCpuCores} cores = ${r.appCpuMsPerOffer} ms/offer; ` +
      (r.storeWork
        ? `${r.eventsInStore} events in store, per offer ${r.storeWork.groupCommitsPerOffer} group commits, ${r.storeWork.filteredPagesPerOffer} filtered page reads ` +
          `(${Math.round((100 * r.storeWork.emptyFilteredPages) / Math.max(1, r.storeWork.filteredPages))} % empty) taking ${r.storeWork.filteredPageMsPerOffer} ms; `
        : '') +
      `duplicates ${r.check.duplicated}, missing ${r.check.missing}, dead ${r.check.deadPromoJobs}`,
  );
}

// ---------------------------------------------------------------------------------------------
// B and C. Outage

interface OutageFigures {
  label: string;
  env: Record<string, string>;
  shoes: number;
  downMs: number;
  /** Breaker state changes, ms from the first threshold. */
  breaker: Array<{ atMs: number; state: string }>;
  /** Offers made by the jobs themselves (before any dead letter was retried). */
  offeredByThemselves: number;
  /** ms from the first threshold to the last of those, or to the point nothing was left to run. */
  settledMs: number;
  /** ms from the store coming back to the first offer, and to the last self-made one (when all arrived). */
  firstOfferAfterRecoveryMs?: number;
  afterRecoveryMs?: number;
  deadPromoJobs: number;
  /** Attempts of a dead job, and its last error. */
  deadExample?: { attempts: number; lastError: string };
  /** When some died: retried once the breaker let a trial through (no longer open). */
  deadRetry?: { retriedAtMs: number; retried: number; allOfferedMs?: number };
  check: OfferCheck;
}

interface OutageRun {
  label: string;
  env: Record<string, string>;
  bench: Bench;
  shoes: Shoe[];
  figures: OutageFigures;
  breakerState: () => string;
  phase: 'running' | 'waiting for the breaker' | 'retried' | 'done';
  dead: Awaited<ReturnType<Bench['app']['runtime']['jobQueue']['deadLetters']>>;
  firstOffer: number;
  lastOffer: number;
  idleChecks: number;
}

/**
 * Every configuration in its own app (data directory, breaker, job queue), side by side against
 * the same store: down for DOWN_MS while each app gets `count` thresholds, then answering in
 * STORE_MS. Each is followed until all its offers are there; one whose promo jobs all ended with
 * some dead has its dead letters retried once its breaker is no longer open.
 */
async function outages(store: FakeStoreProcess, configs: Array<{ label: string; env: Record<string, string> }>, count: number): Promise<{ runs: OutageFigures[]; storeRequests: { whileDown: number; afterRecovery: number } }> {
  const runs: OutageRun[] = [];
  try {
    for (const config of configs) {
      const bench = await openBench(store, config.env);
      const commerce = bench.app.runtime.commerce;
      const breakerState = () => (commerce instanceof HttpCommerce ? commerce.state : 'n/a');
      runs.push({
        ...config,
        bench,
        shoes: await registerShoes(bench, count),
        breakerState,
        phase: 'running',
        dead: [],
        firstOffer: NaN,
        lastOffer: NaN,
        idleChecks: 0,
        figures: { label: config.label, env: config.env, shoes: count, downMs: DOWN_MS, breaker: [], offeredByThemselves: 0, settledMs: NaN, deadPromoJobs: 0, check: undefined as unknown as OfferCheck },
      });
    }
    for (const run of runs) {
      await settle(run.bench);
      await countOffers(run.bench);
    }
    await store.down();
    await store.stats(true);
    const t0 = performance.now();
    const at = () => Math.round(performance.now() - t0);
    for (const run of runs) run.figures.breaker.push({ atMs: 0, state: run.breakerState() });
    await Promise.all(runs.map((run) => wearShoes(run.bench, run.shoes)));
    let upAt = NaN;
    let whileDown = 0;
    const deadline = t0 + OUTAGE_CAP_MS;
    while (performance.now() < deadline && runs.some((run) => run.phase !== 'done')) {
      if (Number.isNaN(upAt) && performance.now() - t0 >= DOWN_MS) {
        whileDown = (await store.stats(true)).requests;
        await store.slow(STORE_MS);
        upAt = performance.now() - t0;
        for (const run of runs) run.figures.breaker.push({ atMs: Math.round(upAt), state: `${run.breakerState()} (store back)` });
      }
      for (const run of runs) {
        const { bench, figures } = run;
        const state = run.breakerState();
        if (figures.breaker[figures.breaker.length - 1].state.split(' ')[0] !== state) figures.breaker.push({ atMs: at(), state });
        if (run.phase === 'done') continue;
        const before = offeredCount(bench, run.shoes);
        await countOffers(bench);
        const now = offeredCount(bench, run.shoes);
        if (now > before) {
          run.lastOffer = performance.now() - t0;
          if (Number.isNaN(run.firstOffer)) run.firstOffer = run.lastOffer;
        }
        if (run.phase === 'running') {
          const allThere = now >= count;
          // Nothing left to run (every promo job done or dead), twice in a row, the store back.
          const idle = !Number.isNaN(upAt) && (await promoJobsOutstanding(bench)) === 0;
          run.idleChecks = idle ? run.idleChecks + 1 : 0;
          if (allThere || run.idleChecks >= 2) {
            figures.settledMs = at();
            figures.offeredByThemselves = now;
            figures.firstOfferAfterRecoveryMs = Number.isNaN(run.firstOffer) ? undefined : Math.round(run.firstOffer - upAt);
            figures.afterRecoveryMs = allThere ? Math.round(run.lastOffer - upAt) : undefined;
            run.dead = await bench.app.runtime.jobQueue.deadLetters(PROMO_JOB);
            figures.deadPromoJobs = run.dead.length;
            figures.deadExample = run.dead[0] ? { attempts: run.dead[0].attempts, lastError: run.dead[0].lastError } : undefined;
            run.phase = allThere || run.dead.length === 0 ? 'done' : 'waiting for the breaker';
          }
        }
        // An operator retrying at once would see them die again on the open circuit: wait for the trial.
        if (run.phase === 'waiting for the breaker' && state !== 'open') {
          let retried = 0;
          for (const job of run.dead) if (await bench.app.runtime.jobQueue.retryDead(job.id)) retried++;
          figures.deadRetry = { retriedAtMs: at(), retried };
          run.phase = 'retried';
        } else if (run.phase === 'retried') {
          if (now >= count) {
            figures.deadRetry!.allOfferedMs = at();
            run.phase = 'done';
          } else if ((await promoJobsOutstanding(bench)) === 0) run.phase = 'done';
        }
      }
      await sleep(50);
    }
    for (const run of runs) {
      await settle(run.bench);
      await run.bench.app.runtime.jobQueue.drained(30_000).catch(() => undefined);
    }
    await sleep(300);
    const afterRecovery = (await store.stats(true)).requests;
    for (const run of runs) run.figures.check = await checkOffers(run.bench, run.shoes);
    return { runs: runs.map((run) => run.figures), storeRequests: { whileDown, afterRecovery } };
  } finally {
    for (const run of runs) await closeBench(run.bench);
  }
}

function printOutage(o: OutageFigures): void {
  console.log(
    `  ${o.label} (${JSON.stringify(o.env)}): store down ${o.downMs} ms; ${o.offeredByThemselves}/${o.shoes} offered by the jobs themselves, ` +
      `settled at ${o.settledMs} ms${o.afterRecoveryMs !== undefined ? ` (first offer ${o.firstOfferAfterRecoveryMs} ms, last ${o.afterRecoveryMs} ms after the store came back)` : ''}; ` +
      `dead ${o.deadPromoJobs}${o.deadExample ? ` (after ${o.deadExample.attempts} attempts: ${o.deadExample.lastError.slice(0, 140)})` : ''}`,
  );
  if (o.deadRetry) {
    console.log(
      `    dead letters retried at ${o.deadRetry.retriedAtMs} ms (${o.deadRetry.retried}) → ${o.deadRetry.allOfferedMs !== undefined ? `all offered at ${o.deadRetry.allOfferedMs} ms` : 'not all offered'}`,
    );
  }
  console.log(`    breaker: ${o.breaker.map((b) => `${b.atMs} ms ${b.state}`).join(' → ')}`);
  console.log(`    final: offered ${o.check.offered}/${o.check.expected}, duplicates ${o.check.duplicated}, missing ${o.check.missing}, dead ${o.check.deadPromoJobs}`);
}

// ---------------------------------------------------------------------------------------------
// What-if (src/ untouched)

/**
 * An index on events (type, position), added through a connection of our own while the app runs
 * (its prepared statements are re-planned on the schema change): what each subscription's
 * `WHERE position > ? AND type IN (...) ORDER BY position LIMIT ?` costs once it reads only the
 * rows of its types. Returns SQLite's plan for that query.
 */
function addTypeIndex(bench: Bench): string {
  const db = new Database(join(bench.dataDir, 'events.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.exec('CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position)');
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM events WHERE position > ? AND type IN (?, ?) ORDER BY position ASC LIMIT ?')
      .all(0, 'ChallengeCreated', 'ChallengeReviewed', 512) as Array<{ detail: string }>;
    return plan.map((p) => p.detail).join('; ');
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`promo saga: ${SHOES} thresholds per round, store answering in ${STORE_MS} ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const store = await FakeStoreProcess.start();
  const figures: Record<string, unknown> = {
    setup: {
      shoesPerRound: SHOES,
      rounds: ROUNDS,
      users: USERS,
      storeMs: STORE_MS,
      workerConcurrency: WORKER_CONCURRENCY,
      serialCeilingPerSec: SERIAL_CEILING,
      workerCeilingPerSec: WORKER_CONCURRENCY * SERIAL_CEILING,
      sqliteSynchronous: 'NORMAL',
      loadAverageAtStart: loadavg().map((l) => round(l)),
    },
  };
  try {
    // A. Throughput
    console.log('A. throughput');
    const bench = await openBench(store);
    const rounds: RoundFigures[] = [];
    try {
      await store.slow(STORE_MS);
      printRound(await throughputRound(bench, store, 'warm-up', WARMUP_SHOES));
      for (let i = 1; i <= ROUNDS; i++) {
        const r = await throughputRound(bench, store, `round ${i}`, SHOES);
        printRound(r);
        rounds.push(r);
      }
      const preEnqueued = await throughputRound(bench, store, 'jobs pre-enqueued', DIAGNOSTIC_SHOES, { preEnqueue: true });
      printRound(preEnqueued);
      await store.up();
      const instant = await throughputRound(bench, store, 'instant store', INSTANT_SHOES);
      printRound(instant);
      await store.slow(STORE_MS);
      const med = median(rounds.map((r) => r.offersPerSec));
      const missed = med < (WORKER_CONCURRENCY * SERIAL_CEILING) / 2;
      figures.throughput = {
        offersPerSec: { median: med, rounds: rounds.map((r) => r.offersPerSec) },
        steadyOffersPerSec: median(rounds.map((r) => r.steadyOffersPerSec)),
        vsSerialCeiling: round(med / SERIAL_CEILING),
        vsWorkerCeiling: round(med / (WORKER_CONCURRENCY * SERIAL_CEILING)),
        storeMaxInFlight: Math.max(...rounds.map((r) => r.store.maxInFlight)),
        storeMeanInFlight: median(rounds.map((r) => r.store.meanInFlight)),
        appCpuMsPerOffer: median(rounds.map((r) => r.appCpuMsPerOffer)),
        instantStoreOffersPerSec: instant.offersPerSec,
        preEnqueuedOffersPerSec: preEnqueued.offersPerSec,
        exactlyOnce: [...rounds, preEnqueued, instant].every((r) => r.check.offered === r.check.expected && r.check.duplicated === 0 && r.check.deadPromoJobs === 0),
        rounds,
        preEnqueued,
        instant,
      };
      if (PROFILE === '1' || (PROFILE !== '0' && missed)) {
        const file = join(bench.dataDir, 'promo-saga.cpuprofile');
        const profiled = await throughputRound(bench, store, 'profiled', PROFILED_SHOES, { profileFile: file });
        printRound(profiled);
        const profile: ProfileSummary = summariseCpuProfile(file, {
          top: 20,
          watch: [/offerPromo|replacementsInStock|HttpCommerce|fetch/i, /appendToStream|sendToWriter|insertEnqueued|readStream|readPage|load|handle/, /tick|claim|markDone|enqueue/, /apply|applyOnce|saveCheckpoint|next/],
        });
        figures.profile = { round: profiled, summary: profile };
        console.log(`  profile: busy ${profile.busyMs} of ${profile.wallMs} ms, GC ${profile.gcPct} %`);
        for (const p of profile.byPlace.slice(0, 10)) console.log(`    ${String(p.pct).padStart(5)} %  ${p.name}`);
        console.log('  inclusive:');
        for (const p of profile.topInclusive.slice(0, 30)) console.log(`    ${String(p.pct).padStart(5)} %  ${p.name}`);
      }
      if (WHATIF === '1' || (WHATIF !== '0' && missed)) {
        const plan = addTypeIndex(bench);
        console.log(`  what-if: index on events (type, position); plan of a subscription's page: ${plan}`);
        const whatIf = await throughputRound(bench, store, 'what-if index', DIAGNOSTIC_SHOES);
        printRound(whatIf);
        await store.up();
        const whatIfInstant = await throughputRound(bench, store, 'what-if index, instant store', DIAGNOSTIC_SHOES);
        printRound(whatIfInstant);
        await store.slow(STORE_MS);
        const whatIfProfile = process.env.BENCH_PROFILE_WHATIF === '1' ? join(bench.dataDir, 'promo-saga-whatif.cpuprofile') : undefined;
        const whatIfPre = await throughputRound(bench, store, 'what-if index, jobs pre-enqueued', DIAGNOSTIC_SHOES, { preEnqueue: true, profileFile: whatIfProfile });
        printRound(whatIfPre);
        if (whatIfProfile) {
          // What is left once neither the scans nor the saga's pace count (BENCH_PROFILE_WHATIF=1).
          const residual = summariseCpuProfile(whatIfProfile, { top: 20 });
          figures.whatIfProfile = residual;
          console.log(`  profile of the last round: busy ${residual.busyMs} of ${residual.wallMs} ms, GC ${residual.gcPct} %`);
          for (const p of residual.byPlace.slice(0, 10)) console.log(`    ${String(p.pct).padStart(5)} %  ${p.name}`);
          console.log('  inclusive:');
          for (const p of residual.topInclusive.slice(0, 40)) console.log(`    ${String(p.pct).padStart(5)} %  ${p.name}`);
        }
        figures.whatIfTypeIndex = {
          plan,
          offersPerSec: whatIf.offersPerSec,
          instantStoreOffersPerSec: whatIfInstant.offersPerSec,
          preEnqueuedOffersPerSec: whatIfPre.offersPerSec,
          exactlyOnce: [whatIf, whatIfInstant, whatIfPre].every((r) => r.check.offered === r.check.expected && r.check.duplicated === 0 && r.check.deadPromoJobs === 0),
          round: whatIf,
          instant: whatIfInstant,
          preEnqueued: whatIfPre,
        };
      }
    } finally {
      await closeBench(bench);
    }

    // B, C. Outage
    if (process.env.BENCH_PROMO_OUTAGE !== '0') {
      console.log(`B, C. store down for ${DOWN_MS} ms, two apps side by side: B with JOB_BACKOFF_MS=50, C with the default job backoff`);
      const { runs, storeRequests } = await outages(
        store,
        [
          { label: 'B (JOB_BACKOFF_MS=50)', env: { JOB_BACKOFF_MS: '50' } },
          { label: 'C (default job backoff)', env: {} },
        ],
        SHOES,
      );
      for (const run of runs) printOutage(run);
      console.log(`  store requests (both apps): while down ${storeRequests.whileDown} (connections refused are not requests), after ${storeRequests.afterRecovery}`);
      figures.outage = { shortBackoff: runs[0], defaultBackoff: runs[1], storeRequests };
    }
  } finally {
    await store.stop();
  }
  figures.benchSeconds = Math.round((Date.now() - started) / 1000);
  report('promo-saga', figures);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
