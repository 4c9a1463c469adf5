/**
 * Social feed benchmark (see docs/benchmarks.md, "Social feed"). Three goals, measured in one run:
 *
 * 1. Fan-out, in-process, no HTTP: an athlete with FANOUT_FOLLOWERS followers finishes a workout;
 *    the feeds projection (fan-out on write) writes the item into the athlete's and every
 *    follower's feed. A SqliteEventStore (synchronous=NORMAL) wrapped in SchemaCheckedEventStore,
 *    a MemoryReadStore, the events of FANOUT_FOLLOWERS + 1 registrations (EmailClaimed +
 *    UserRegistered) and FANOUT_FOLLOWERS UserFollowed, a ProjectionRunner of feedsProjection
 *    that catches up on them; then per round a new workout (WorkoutStarted, one TelemetryRecorded
 *    of TELEMETRY_POINTS points, both applied first), and the timed part: append WorkoutCompleted
 *    (metrics from computeWorkoutMetrics, computed beforehand) and `runner.waitFor(position)`.
 *    items/s = (followers + 1) / seconds; median of FANOUT_ROUNDS after one warm-up round. Also
 *    the GC time of each round, and the parts of one apply timed one by one.
 *    This runs in a child process of its own (this file, forked with FANOUT_CHILD): its setup,
 *    long because the projection's catch-up is quadratic in the follower count, overlaps the
 *    HTTP setup of goals 2 and 3; its timed rounds run while the server is idle.
 *    Goal: ≥ 50,000 items/s.
 * 2. Lag, over HTTP against the compiled server in a child process (embedded defaults, scratch
 *    DATA_DIR, LOG_LEVEL=warn): one athlete, LAG_FOLLOWERS followers registered over HTTP
 *    (argon2: the setup is capped at REGISTER_BUDGET_S, the count reached is reported), of whom
 *    PUSH_ENDPOINT_SHARE register a push endpoint (a sink in this process answering 204, so every
 *    finished workout also sends that many real pushes); then LAG_ROUNDS times: start a workout,
 *    send one telemetry batch, take t0, POST finish and, at the same time, poll
 *    GET /v1/feed?limit=1 of a random follower every POLL_GAP_MS until the workout is the first
 *    item; lag = seen - t0. The finish latency (its response waits for the workouts projection,
 *    not the feeds one) is reported beside it. Goal: p99 lag ≤ 200 ms.
 * 3. GET /v1/feed at FEED_RATE requests/s, the token varied per request over the followers
 *    (whose feeds hold ≥ 20 items after step 2). The verdict: FEED_SECONDS of evenly spaced
 *    arrivals at exactly FEED_RATE (bench/lib/paced-load.ts, open loop, raw-socket client),
 *    latency from each request's send to its response. For comparison, the same rate with
 *    autocannon (`overallRate`, FEED_CONNECTIONS connections), which sends each second's quota
 *    in one burst, FEED_CONNECTIONS at a time: its latency is that of a burst far above
 *    FEED_RATE (latency percentiles from every response's own time: autocannon's histogram adds
 *    coordinated-omission "corrections" in 1 ms steps when a rate is set). Measured twice on the
 *    same server: (a) right after step 2, while it may still work off the push jobs of step 2
 *    (in the SQLite outbox, whose counts the benchmark reads from the file); (b) "quiet": any
 *    pending jobs marked done first, so only the read path is measured; beside it the /health
 *    and the unlimited GET /v1/feed rates (the ceilings) and the server's CPU time per request.
 *    Goal: p99 ≤ 20 ms at FEED_RATE, no errors.
 *
 * A goal missed (or BENCH_PROFILE=1; BENCH_PROFILE=0 never) gets a CPU profile of the window
 * concerned, summarised in the report. The server runs from a copy of dist/ taken at the start
 * (snapshotServer()), so a rebuild of the shared working tree does not change it mid-run.
 */
import Database from 'better-sqlite3';
import { ChildProcess, fork } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { EventMetadata, NewEvent } from '../src/core/event-store';
import { compositeKey, ReadCollection } from '../src/core/read-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../src/core/event-schemas';
import { SqliteEventStore } from '../src/infra/event-store/sqlite/sqlite-event-store';
import { jobQueueFile } from '../src/infra/job-queue/open-job-queue';
import { MemoryReadStore } from '../src/infra/read-store/memory/memory-read-store';
import { FEED_ITEMS, FeedItem, FeedItemDocument, feedItemDocument, feedsProjection } from '../src/projections/feeds/feeds.projection';
import { summaryPolylines } from '../src/projections/feeds/route-line';
import { FOLLOWERS, FollowDocument, followersOf } from '../src/projections/followers';
import { projectionModels } from '../src/projections/projection';
import { ProjectionRunner } from '../src/projections/projection-runner';
import { emailClaimStream, userStream } from '../src/write/identity/streams';
import { followingStream } from '../src/write/social/events';
import { workoutStream } from '../src/write/workouts/events';
import type { WorkoutCompleted } from '../src/write/workouts/events';
import { gatherTelemetry } from '../src/write/workouts/gather-telemetry';
import { computeWorkoutMetrics } from '../src/write/workouts/metrics';
import { syntheticTrack } from '../src/write/workouts/metrics/testing/synthetic-track';
import type { TelemetryPoint } from '../src/write/workouts/telemetry-point';
import { UPCASTERS } from '../src/write/upcasters';
import { autocannon, AutocannonInstance, AutocannonOptions, AutocannonResult, autocannonVersion } from './lib/autocannon';
import { ProfileSummary, summariseCpuProfile } from './lib/cpu-profile';
import { InProcessProfiler } from './lib/in-process-profiler';
import { collectGarbage, median, round, Scratch } from './lib/measure';
import { pacedLoadInChildProcess } from './lib/paced-load-process';
import { percentile, report } from './lib/report';
import {
  requestJson,
  ServerCpuFigures,
  serverCpuMark,
  serverCpuSince,
  ServerProcess,
  ServerSnapshot,
  sleep,
  snapshotServer,
  startServerProcess,
} from './lib/server-process';

const FANOUT_CHILD = 'fan-out-child';
const FANOUT_FOLLOWERS = 10_000;
const FANOUT_ROUNDS = 5;
const TELEMETRY_POINTS = 300;
const PROFILE_FANOUT_ROUNDS = 2;
const PART_REPEATS = 3;

const LAG_FOLLOWERS = 1_000;
/** Share of the lag followers who register a push endpoint (a sink in this process that answers 204). */
const PUSH_ENDPOINT_SHARE = 0.1;
const REGISTER_CONCURRENCY = 4;
const REGISTER_BUDGET_S = 100;
const LAG_WARMUP_ROUNDS = 2;
const LAG_ROUNDS = 50;
const POLL_GAP_MS = 2;
const LAG_TIMEOUT_MS = 10_000;
const PROFILE_LAG_ROUNDS = 10;

const FEED_RATE = 500;
const FEED_SECONDS = 15;
/** The GET /v1/feed window while the push jobs drain (secondary: no warm-up, no ceilings). */
const BUSY_FEED_SECONDS = 10;
const FEED_CONNECTIONS = 20;
const CEILING_SECONDS = 5;
const CEILING_CONNECTIONS = 50;
const PROFILE_FEED_SECONDS = 8;

const GOALS = { fanOutItemsPerSec: 50_000, lagP99Ms: 200, feedRatePerSec: FEED_RATE, feedP99Ms: 20 };

const profileWanted = (missed: boolean): boolean => process.env.BENCH_PROFILE === '1' || (process.env.BENCH_PROFILE !== '0' && missed);
const ms = (from: number, to: number) => round(to - from);
const log = (message: string) => console.error(message);

// ---------------------------------------------------------------------------------------------
// A workout's telemetry: a synthetic 900 m run, 1 Hz, shifted to start at `startMs`.

const TRACK = syntheticTrack({
  distance: 3 * TELEMETRY_POINTS,
  speed: 3,
  startTime: 0,
  gpsNoise: { sigma: 2 },
  heartRate: { resting: 70, working: 150 },
  elevation: { hillHeight: 10 },
}).points.slice(0, TELEMETRY_POINTS);

function trackFrom(startMs: number): TelemetryPoint[] {
  return TRACK.map((p) => ({ ...p, t: startMs + p.t }));
}

// ---------------------------------------------------------------------------------------------
// 1. Fan-out in-process (runs in the forked child).

interface FanOutRound {
  totalMs: number;
  /** appendToStream(WorkoutCompleted) until it resolved (group commit, SQLite COMMIT). */
  appendMs: number;
  /** From the append's resolution until the runner had applied it (wake-up + apply + checkpoint). */
  applyMs: number;
  /** CPU time of the process over the round (all threads), ms. */
  cpuMs: number;
  /** Time in V8's garbage collector during the round (PerformanceObserver 'gc'), ms. */
  gcMs: number;
  itemsPerSec: number;
}

interface FanOutSetup {
  events: number;
  appendSeconds: number;
  /** The runner's catch-up on the setup events (overlapping the HTTP setup, so only indicative). */
  catchUpSeconds: number;
  catchUpCpuSeconds: number;
  catchUpEventsPerSec: number;
}

interface FanOutFigures {
  followers: number;
  itemsPerFanOut: number;
  telemetryPoints: number;
  setup: FanOutSetup;
  rounds: FanOutRound[];
  medianItemsPerSec: number;
  medianTotalMs: number;
  medianAppendMs: number;
  medianApplyMs: number;
  medianGcMs: number;
  medianItemsPerCpuSec: number;
  heapUsedMiB: number;
  feedItemsStored: number;
  /** The pieces of one fan-out's apply, each timed on its own (median of PART_REPEATS): wall ms and CPU ms. */
  parts: Record<string, { ms: number; cpuMs: number }>;
  goal: { itemsPerSec: number; pass: boolean };
  profile: { file: string; summary: ProfileSummary } | null;
}

function metadata(registry: EventSchemaRegistry, type: string, actorId: string): EventMetadata {
  const id = randomUUID();
  return { eventId: id, correlationId: id, causationId: id, actorId, occurredAt: new Date().toISOString(), schemaVersion: registry.currentVersion(type) };
}

function event<T extends object>(registry: EventSchemaRegistry, type: string, data: T, actorId: string): NewEvent {
  return { type, data, metadata: metadata(registry, type, actorId) };
}

async function inChunks<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  // Every append of a chunk is issued in the same tick: they share one SQLite transaction.
  for (let at = 0; at < items.length; at += size) await Promise.all(items.slice(at, at + size).map(fn));
}

let gcMsTotal = 0;
function observeGc(): void {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMsTotal += entry.duration;
  }).observe({ entryTypes: ['gc'] });
}

class FanOutRig {
  private readonly scratch = new Scratch();
  private readonly registry = EventSchemaRegistry.load(undefined, UPCASTERS);
  private readonly store = new SchemaCheckedEventStore(new SqliteEventStore(this.scratch.file('feeds-fanout'), { synchronous: 'NORMAL' }), this.registry);
  private readonly readStore = new MemoryReadStore();
  private readonly runner = new ProjectionRunner(this.store, this.readStore, feedsProjection);
  private readonly models = projectionModels(this.readStore, feedsProjection);
  private readonly athlete = randomUUID();
  private readonly followers = Array.from({ length: FANOUT_FOLLOWERS }, () => randomUUID());
  private workoutNo = 0;
  private lastWorkoutId = '';

  async setup(): Promise<FanOutSetup> {
    const { registry, store, athlete, followers } = this;
    const users = [athlete, ...followers];
    const setupStart = performance.now();
    await inChunks(users, 500, async (userId) => {
      const email = `fan-${userId}@example.com`;
      await store.appendToStream(emailClaimStream(email), [event(registry, 'EmailClaimed', { email, user_id: userId }, userId)], { expectedRevision: 'no_stream' });
      const registered = {
        user_id: userId,
        email,
        display_name: userId === athlete ? 'The Athlete' : `Fan ${userId.slice(0, 8)}`,
        password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA',
        roles: [],
        default_visibility: 'everyone',
      };
      await store.appendToStream(userStream(userId), [event(registry, 'UserRegistered', registered, userId)], { expectedRevision: 'no_stream' });
    });
    await inChunks(followers, 500, (follower) =>
      store.appendToStream(followingStream(follower), [event(registry, 'UserFollowed', { follower_id: follower, followee_id: athlete }, follower)]),
    );
    const appendSeconds = (performance.now() - setupStart) / 1000;
    const events = users.length * 2 + followers.length;
    log(`[fan-out] ${events} setup events appended in ${appendSeconds.toFixed(1)} s; the feeds runner catches up`);
    const cpu = process.cpuUsage();
    const catchUpStart = performance.now();
    await this.runner.start();
    const catchUpSeconds = (performance.now() - catchUpStart) / 1000;
    const used = process.cpuUsage(cpu);
    const applied = users.length + followers.length;
    log(`[fan-out] caught up on ${applied} feeds events in ${catchUpSeconds.toFixed(1)} s`);
    const followerCount = (await followersOf(this.models.collection<FollowDocument>(FOLLOWERS), athlete)).length;
    if (followerCount !== FANOUT_FOLLOWERS) throw new Error(`the athlete has ${followerCount} followers in the projection`);
    return {
      events,
      appendSeconds: round(appendSeconds),
      catchUpSeconds: round(catchUpSeconds),
      catchUpCpuSeconds: round((used.user + used.system) / 1e6),
      catchUpEventsPerSec: Math.round(applied / catchUpSeconds),
    };
  }

  /** Appends a started workout and its telemetry, applied; returns the WorkoutCompleted to time. */
  private async prepareWorkout(): Promise<{ workoutId: string; completed: NewEvent }> {
    const { registry, store, athlete } = this;
    const workoutId = randomUUID();
    const startMs = Date.now() - 10 * 60_000 + this.workoutNo++ * 1000;
    const points = trackFrom(startMs);
    const startDate = new Date(startMs).toISOString();
    const stream = workoutStream(workoutId);
    const started = await store.appendToStream(
      stream,
      [event(registry, 'WorkoutStarted', { workout_id: workoutId, athlete_id: athlete, sport_type: 'Run', start_date: startDate, visibility: 'everyone' }, athlete)],
      { expectedRevision: 'no_stream' },
    );
    await store.appendToStream(stream, [event(registry, 'TelemetryRecorded', { workout_id: workoutId, seq: 0, points }, athlete)]);
    await this.runner.waitFor(started.position, 30_000);
    const data: WorkoutCompleted['data'] = {
      workout_id: workoutId,
      athlete_id: athlete,
      sport_type: 'Run',
      start_date: startDate,
      end_date: new Date(points[points.length - 1].t).toISOString(),
      point_count: points.length,
      metrics: computeWorkoutMetrics(points, 'Run'),
    };
    return { workoutId, completed: event(registry, 'WorkoutCompleted', data, athlete) };
  }

  async fanOut(): Promise<FanOutRound> {
    const { workoutId, completed } = await this.prepareWorkout();
    this.lastWorkoutId = workoutId;
    const items = this.models.collection<FeedItemDocument>(FEED_ITEMS);
    const before = await items.count();
    collectGarbage();
    await sleep(5); // the forced collection's 'gc' entries are delivered before the round's
    const gcBefore = gcMsTotal;
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const appended = await this.store.appendToStream(workoutStream(workoutId), [completed]);
    const t1 = performance.now();
    await this.runner.waitFor(appended.position, 60_000);
    const t2 = performance.now();
    const used = process.cpuUsage(cpu);
    await sleep(5);
    const gcMs = gcMsTotal - gcBefore;
    const written = (await items.count()) - before;
    if (written !== FANOUT_FOLLOWERS + 1) throw new Error(`the fan-out wrote ${written} feed items, expected ${FANOUT_FOLLOWERS + 1}`);
    if (!(await items.get(`${this.followers[this.workoutNo % FANOUT_FOLLOWERS]}|${workoutId}`))) throw new Error('a follower misses the item');
    return {
      totalMs: ms(t0, t2),
      appendMs: ms(t0, t1),
      applyMs: ms(t1, t2),
      cpuMs: round((used.user + used.system) / 1000),
      gcMs: round(gcMs),
      itemsPerSec: Math.round((FANOUT_FOLLOWERS + 1) / ((t2 - t0) / 1000)),
    };
  }

  /**
   * The pieces of the feeds projection's WorkoutCompleted apply, timed one by one on the same
   * data (median of PART_REPEATS each, wall and CPU ms): reading the follower ids, gathering the
   * telemetry and simplifying the route, building the 10,001 documents (as fanOut does), and
   * their putMany into a scratch collection with the projection's two indexes, handed over (as
   * fanOut does) and, for comparison, copied in (putMany's default).
   */
  async parts(): Promise<Record<string, { ms: number; cpuMs: number }>> {
    const { athlete, readStore } = this;
    const followers = this.models.collection<FollowDocument>(FOLLOWERS);
    const times: Record<string, Array<{ ms: number; cpuMs: number }>> = {};
    const timed = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
      collectGarbage();
      const cpu = process.cpuUsage();
      const t = performance.now();
      const value = await fn();
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu);
      (times[name] ??= []).push({ ms: wall, cpuMs: (used.user + used.system) / 1000 });
      return value;
    };
    for (let r = 0; r < PART_REPEATS; r++) {
      const readers = await timed('followersOf', async () => [athlete, ...(await followersOf(followers, athlete))]);
      const { points } = await timed('gatherTelemetry', () => gatherTelemetry(this.store, this.lastWorkoutId));
      const polylines = await timed('summaryPolylines', () => summaryPolylines(points, []));
      const item: FeedItem = {
        workout_id: randomUUID(),
        athlete_id: athlete,
        athlete_name: 'The Athlete',
        sport_type: 'Run',
        name: null,
        start_date: new Date().toISOString(),
        distance: 900,
        moving_time: 300,
        elapsed_time: 300,
        total_elevation_gain: 10,
        average_speed: 3,
        summary_polylines: polylines,
      };
      const sortKey = compositeKey(item.start_date, item.workout_id);
      const build = () => readers.map((owner): [string, FeedItemDocument] => [compositeKey(owner, item.workout_id), feedItemDocument(item, owner, sortKey)]);
      const documents = await timed('buildDocuments', build);
      const copied = build();
      for (const [variant, putMany] of [
        ['putManyHandedOver', (collection: ReadCollection<FeedItemDocument>) => collection.putMany(documents, { handOver: true })],
        ['putManyCopied', (collection: ReadCollection<FeedItemDocument>) => collection.putMany(copied)],
      ] as const) {
        const name = `scratch_${variant}_${r}`;
        const scratch = readStore.collection<FeedItemDocument>(name);
        await scratch.ensureIndex({ field: 'owner', orderBy: 'sort_key' });
        await scratch.ensureIndex({ field: 'workout_id', orderBy: 'sort_key' });
        await timed(variant, () => putMany(scratch));
        await readStore.dropCollection(name);
      }
    }
    return Object.fromEntries(
      Object.entries(times).map(([name, values]) => [name, { ms: round(median(values.map((v) => v.ms))), cpuMs: round(median(values.map((v) => v.cpuMs))) }]),
    );
  }

  async measure(setup: FanOutSetup): Promise<FanOutFigures> {
    await this.fanOut(); // warm-up
    const rounds: FanOutRound[] = [];
    for (let r = 0; r < FANOUT_ROUNDS; r++) {
      const round_ = await this.fanOut();
      rounds.push(round_);
      log(`[fan-out] round ${r + 1}: ${round_.itemsPerSec} items/s (${round_.totalMs} ms: append ${round_.appendMs}, apply ${round_.applyMs}; GC ${round_.gcMs}; CPU ${round_.cpuMs})`);
    }
    const medianItemsPerSec = Math.round(median(rounds.map((r) => r.itemsPerSec)));
    const heapUsedMiB = round(process.memoryUsage().heapUsed / 2 ** 20);
    const feedItemsStored = await this.models.collection(FEED_ITEMS).count();
    const parts = await this.parts();
    let profile: FanOutFigures['profile'] = null;
    if (profileWanted(medianItemsPerSec < GOALS.fanOutItemsPerSec)) {
      const file = join(tmpdir(), `social-feed-fanout-${Date.now()}.cpuprofile`);
      const profiler = new InProcessProfiler();
      await profiler.start();
      for (let r = 0; r < PROFILE_FANOUT_ROUNDS; r++) await this.fanOut();
      await profiler.stop(file);
      profile = { file, summary: summariseCpuProfile(file, { top: 25, watch: FANOUT_WATCH }) };
    }
    return {
      followers: FANOUT_FOLLOWERS,
      itemsPerFanOut: FANOUT_FOLLOWERS + 1,
      telemetryPoints: TELEMETRY_POINTS,
      setup,
      rounds,
      medianItemsPerSec,
      medianTotalMs: round(median(rounds.map((r) => r.totalMs))),
      medianAppendMs: round(median(rounds.map((r) => r.appendMs))),
      medianApplyMs: round(median(rounds.map((r) => r.applyMs))),
      medianGcMs: round(median(rounds.map((r) => r.gcMs))),
      medianItemsPerCpuSec: Math.round(median(rounds.map((r) => (FANOUT_FOLLOWERS + 1) / (r.cpuMs / 1000)))),
      heapUsedMiB,
      feedItemsStored,
      parts,
      goal: { itemsPerSec: GOALS.fanOutItemsPerSec, pass: medianItemsPerSec >= GOALS.fanOutItemsPerSec },
      profile,
    };
  }

  async dispose(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.readStore.close();
    this.scratch.dispose();
  }
}

const FANOUT_WATCH = [
  /^apply .*feeds\.projection/,
  /^\(anonymous\) .*feeds\.projection/,
  /^applyWorkout /,
  /^fanOut .*feeds\.projection/,
  /^putMany .*memory-read-store/,
  /^write .*stored-collection/,
  /^copyValue /,
  /^structuredClone/,
  /^insert .*sorted-index/,
  /^settle .*sorted-index/,
  /^followersOf /,
  /^listKeys .*memory-read-store/,
  /^gatherTelemetry /,
  /^summaryPolylines /,
  /^saveCheckpoint /,
  /^sendToWriter .*sqlite-event-store/,
  /^\(garbage collector\)/,
];

type ChildMessage = { type: 'ready'; setup: FanOutSetup } | { type: 'result'; figures: FanOutFigures } | { type: 'error'; message: string };

/** The forked child: sets up, says so, measures when told, sends the figures back and exits. */
async function fanOutChild(): Promise<void> {
  observeGc();
  const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  const rig = new FanOutRig();
  try {
    const setup = await rig.setup();
    const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
    await send({ type: 'ready', setup });
    await go;
    const figures = await rig.measure(setup);
    await send({ type: 'result', figures });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    await rig.dispose();
  }
  process.exit(0);
}

/** The parent's handle on the fan-out child. */
class FanOutProcess {
  private readonly child: ChildProcess;
  private readonly messages: ChildMessage[] = [];
  private waiting: (() => void) | undefined;
  private exited = false;

  constructor() {
    this.child = fork(__filename, [FANOUT_CHILD], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message) => {
      this.messages.push(message as ChildMessage);
      this.waiting?.();
    });
    this.child.on('exit', () => {
      this.exited = true;
      this.waiting?.();
    });
  }

  private async next<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    for (;;) {
      const message = this.messages.shift();
      if (message?.type === 'error') throw new Error(`fan-out child: ${message.message}`);
      if (message?.type === type) return message as Extract<ChildMessage, { type: T }>;
      if (message) continue;
      if (this.exited) throw new Error(`the fan-out child exited before sending "${type}"`);
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = undefined;
    }
  }

  ready(): Promise<FanOutSetup> {
    return this.next('ready').then((m) => m.setup);
  }

  async measure(): Promise<FanOutFigures> {
    this.child.send({ measure: true });
    return (await this.next('result')).figures;
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// 2. and 3.: over HTTP.

interface User {
  user_id: string;
  token: string;
}

interface FeedPage {
  items: Array<{ workout_id: string }>;
  next_cursor: string | null;
}

async function register(url: string, runId: string, i: number): Promise<User> {
  const registered = await requestJson<User>('POST', `${url}/v1/auth/register`, {
    json: { email: `feed-${runId}-${i}@example.com`, password: 'password-1', display_name: i === 0 ? 'The Athlete' : `Reader ${i}` },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${JSON.stringify(registered.body)}`);
  return registered.body;
}

interface Audience {
  athlete: User;
  followers: User[];
  /** How many of the followers (the first ones) have a push endpoint. */
  withPushEndpoint: number;
  registerSeconds: number;
  followSeconds: number;
}

/** Where the followers with a push endpoint get their pushes: answers 204 and counts what arrives. */
interface PushSink {
  url: string;
  received(): number;
  close(): Promise<void>;
}

async function startPushSink(): Promise<PushSink> {
  let received = 0;
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The athlete, then as many of `count` followers as the time budget allows, each following the
 * athlete; the first PUSH_ENDPOINT_SHARE of them also register a push endpoint at the sink.
 */
async function createAudience(url: string, count: number, sink: PushSink): Promise<Audience> {
  const runId = randomUUID().slice(0, 8);
  const athlete = await register(url, runId, 0);
  const start = performance.now();
  const deadline = start + REGISTER_BUDGET_S * 1000;
  const followers: User[] = [];
  let next = 1;
  const registerWorker = async () => {
    while (next <= count && performance.now() < deadline) followers.push(await register(url, runId, next++));
  };
  await Promise.all(Array.from({ length: REGISTER_CONCURRENCY }, registerWorker));
  const registerSeconds = (performance.now() - start) / 1000;
  log(`[http] ${followers.length} followers registered in ${registerSeconds.toFixed(1)} s; following`);
  const followStart = performance.now();
  let at = 0;
  const followWorker = async () => {
    for (let i = at++; i < followers.length; i = at++) {
      const followed = await requestJson('PUT', `${url}/v1/users/${athlete.user_id}/follow`, { token: followers[i].token });
      if (followed.status !== 204) throw new Error(`follow: ${followed.status} ${JSON.stringify(followed.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, followWorker));
  const followSeconds = (performance.now() - followStart) / 1000;
  const withPushEndpoint = Math.round(followers.length * PUSH_ENDPOINT_SHARE);
  for (let i = 0; i < withPushEndpoint; i++) {
    const set = await requestJson('PUT', `${url}/v1/me/push-endpoint`, { token: followers[i].token, json: { url: `${sink.url}/push/${i}` } });
    if (set.status !== 204) throw new Error(`push endpoint: ${set.status} ${JSON.stringify(set.body)}`);
  }
  return { athlete, followers, withPushEndpoint, registerSeconds, followSeconds };
}

/** The jobs in the server's SQLite outbox (the same file as the events), by state. */
interface OutboxCounts {
  pending: number;
  active: number;
  done: number;
  dead: number;
}

function outboxCounts(dataDir: string): OutboxCounts {
  const db = new Database(jobQueueFile({ dataDir }), { readonly: true, fileMustExist: true });
  try {
    const counts: OutboxCounts = { pending: 0, active: 0, done: 0, dead: 0 };
    for (const row of db.prepare('SELECT state, count(*) AS n FROM jobs_outbox GROUP BY state').all() as Array<{ state: keyof OutboxCounts; n: number }>) {
      counts[row.state] = row.n;
    }
    return counts;
  } finally {
    db.close();
  }
}

/**
 * Marks every pending job done, under the running server (both connections wait up to 5 s for
 * SQLite's write lock: busy_timeout). These jobs would push to nobody: no user of the benchmark
 * has a push endpoint. Jobs the worker already holds (active) finish normally.
 */
function clearPendingJobs(dataDir: string): number {
  const db = new Database(jobQueueFile({ dataDir }), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db.prepare("UPDATE jobs_outbox SET state = 'done', finished_at = ? WHERE state = 'pending'").run(Date.now()).changes;
  } finally {
    db.close();
  }
}

async function waitForOutbox(dataDir: string, maxMs: number): Promise<{ waitedSeconds: number; left: number }> {
  const start = performance.now();
  for (;;) {
    const { pending, active } = outboxCounts(dataDir);
    if (pending + active === 0 || performance.now() - start > maxMs) return { waitedSeconds: round((performance.now() - start) / 1000), left: pending + active };
    await sleep(250);
  }
}

interface LagSample {
  lagMs: number;
  finishMs: number;
  /** Seen by a poll that was answered before the finish response arrived. */
  seenBeforeFinishResponse: boolean;
  polls: number;
}

let lagWorkoutNo = 0;

async function lagRound(url: string, athlete: User, followers: User[]): Promise<LagSample> {
  const workoutId = randomUUID();
  // Start dates increase round after round (the feed is ordered by start_date): 6 minutes ago.
  const startMs = Date.now() - 6 * 60_000 + lagWorkoutNo++;
  const started = await requestJson('POST', `${url}/v1/workouts`, {
    json: { workout_id: workoutId, sport_type: 'Run', start_date: new Date(startMs).toISOString(), visibility: 'everyone' },
    token: athlete.token,
  });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  const batch = await requestJson('POST', `${url}/v1/workouts/${workoutId}/telemetry`, { json: { seq: 0, points: trackFrom(startMs) }, token: athlete.token });
  if (batch.status !== 202) throw new Error(`telemetry: ${batch.status} ${JSON.stringify(batch.body)}`);
  const reader = followers[Math.floor(Math.random() * followers.length)];
  let finishedAt = Infinity;
  const t0 = performance.now();
  const finish = requestJson('POST', `${url}/v1/workouts/${workoutId}/finish`, { json: {}, token: athlete.token }).then((response) => {
    finishedAt = performance.now();
    if (response.status !== 200) throw new Error(`finish: ${response.status} ${JSON.stringify(response.body)}`);
  });
  const seen = (async () => {
    let polls = 0;
    for (;;) {
      const page = await requestJson<FeedPage>('GET', `${url}/v1/feed?limit=1`, { token: reader.token });
      polls++;
      const at = performance.now();
      if (page.status !== 200) throw new Error(`feed: ${page.status} ${JSON.stringify(page.body)}`);
      if (page.body.items[0]?.workout_id === workoutId) return { at, polls };
      if (at - t0 > LAG_TIMEOUT_MS) throw new Error(`workout ${workoutId} not in the follower's feed after ${LAG_TIMEOUT_MS} ms`);
      await sleep(POLL_GAP_MS);
    }
  })();
  const [, visible] = await Promise.all([finish, seen]);
  return { lagMs: round(visible.at - t0), finishMs: round(finishedAt - t0), seenBeforeFinishResponse: visible.at <= finishedAt, polls: visible.polls };
}

interface LatencyFigures {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function latencyFigures(values: number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

interface LoadFigures extends ServerCpuFigures {
  /** The server's CPU time per answered request, ms (all its threads): robust to the machine's other load. */
  serverCpuMsPerRequest: number;
  seconds: number;
  requestsPerSec: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: LatencyFigures;
}

/** autocannon with `overallRate`, which the AutocannonOptions of bench/lib/autocannon.ts leave out. */
type RatedOptions = AutocannonOptions & { overallRate?: number };

async function cannon(server: ServerProcess, options: RatedOptions): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const mark = serverCpuMark(server);
  const instance: AutocannonInstance = autocannon({ timeout: 10, ...options });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  instance.on('reqError', () => errors++);
  const result: AutocannonResult = await instance;
  const cpu = serverCpuSince(server, mark);
  const requestsPerSec = result['2xx'] / result.duration;
  return {
    seconds: result.duration,
    requestsPerSec: Math.round(requestsPerSec),
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: Math.max(errors, result.errors),
    timeouts: result.timeouts,
    latencyMs: latencyFigures(latencies),
    serverCpuMsPerRequest: round((cpu.serverCpuPct * 10) / requestsPerSec),
    ...cpu,
  };
}

function feedRequests(followers: User[]): RatedOptions['requests'] {
  let next = 0;
  return [
    {
      method: 'GET',
      path: '/v1/feed',
      setupRequest(request) {
        request.headers = { ...request.headers, authorization: `Bearer ${followers[next++ % followers.length].token}` };
        return request;
      },
    },
  ];
}

const SERVER_WATCH = [
  /^list .*memory-read-store/,
  /^walkListing /,
  /^getMany .*memory-read-store/,
  /^frozenDocument /,
  /^copyValue /,
  /^get .*memory-read-store/,
  /^putMany .*memory-read-store/,
  /^structuredClone/,
  /^page .*feed-queries/,
  /^feed .*feed\.controller/,
  /^canActivate /,
  /^verify .*token\.service/,
  /^createPublicKey /,
  /^apply .*feeds\.projection/,
  /^fanOut .*feeds\.projection/,
  /^apply .*notifications\.projection/,
  /^notificationsFor /,
  /^apply .*push-delivery\.saga/,
  /^applyOnce /,
  /^readPage /,
  /^sendToWriter .*sqlite-event-store/,
  /^insertEnqueued .*sqlite-job-queue/,
  /^tick .*sqlite-job-queue/,
  /^run \[native, called from .*sqlite-job-queue/,
  /^all \[native, called from tick .*sqlite-job-queue/,
  /^execute .*finish-workout/,
  /^computeWorkoutMetrics /,
  /^serialize/,
  /^\(garbage collector\)/,
];

type PacedFigures = LoadFigures & {
  targetPerSec: number;
  planned: number;
  /** From each request's planned send time (so the generator's own lateness counts too). */
  fromPlanMs: LatencyFigures;
  maxSendSlipMs: number;
};

interface FeedRun {
  label: string;
  outboxBefore: OutboxCounts;
  outboxAfter: OutboxCounts;
  /** Jobs the worker finished per second over this run's measurements. */
  jobsDonePerSec: number;
  healthCeiling: LoadFigures | null;
  feedCeiling: LoadFigures | null;
  /** autocannon `overallRate`: each second's 500 requests in one burst, FEED_CONNECTIONS at a time (reported, not the verdict). */
  burst: LoadFigures & { targetPerSec: number; connections: number };
  /** Evenly spaced arrivals at FEED_RATE: the goal's verdict. */
  paced: PacedFigures | { skipped: string };
  goal: { ratePerSec: number; p99Ms: number; pass: boolean };
  profile: { file: string; seconds: number; requestsPerSec: number; summary: ProfileSummary } | null;
}

interface FeedRunOptions {
  /** Measure the /health and unlimited GET /v1/feed rates first. */
  ceilings: boolean;
  /** CPU-profile a paced window when the goal is missed (see profileWanted). */
  profile: boolean;
  /** Length of each measured window (burst and paced); a 2 s warm-up at the same rate goes before each when ceilings are measured. */
  seconds: number;
}

/** GET /v1/feed at FEED_RATE with evenly spaced arrivals (open loop, raw-socket client), the token varied per request. */
async function pacedFeed(server: ServerProcess, followers: User[], seconds: number): Promise<PacedFigures> {
  const mark = serverCpuMark(server);
  // The load generator runs in a process of its own, away from this one's heap and timers.
  const result = await pacedLoadInChildProcess({
    url: server.url,
    ratePerSec: FEED_RATE,
    seconds,
    client: 'raw',
    requests: followers.map((follower) => ({ path: '/v1/feed', headers: { authorization: `Bearer ${follower.token}` } })),
  });
  const cpu = serverCpuSince(server, mark);
  const requestsPerSec = result.latenciesMs.length / result.seconds;
  return {
    targetPerSec: FEED_RATE,
    planned: result.planned,
    seconds: round(result.seconds),
    requestsPerSec: Math.round(requestsPerSec),
    ok: result.latenciesMs.length,
    non2xx: result.answered - result.latenciesMs.length,
    errors: result.errors,
    timeouts: 0,
    latencyMs: latencyFigures(result.latenciesMs),
    fromPlanMs: latencyFigures(result.fromPlanMs),
    maxSendSlipMs: round(result.maxSendSlipMs),
    serverCpuMsPerRequest: round((cpu.serverCpuPct * 10) / requestsPerSec),
    ...cpu,
    loadGeneratorCpuPct: result.generatorCpuPct,
  };
}

async function feedRun(label: string, server: ServerProcess, dataDir: string, followers: User[], options: FeedRunOptions): Promise<FeedRun> {
  const url = server.url;
  const outboxBefore = outboxCounts(dataDir);
  const start = performance.now();
  let healthCeiling: LoadFigures | null = null;
  let feedCeiling: LoadFigures | null = null;
  if (options.ceilings) {
    await cannon(server, { url: `${url}/health`, connections: CEILING_CONNECTIONS, duration: 1 });
    healthCeiling = await cannon(server, { url: `${url}/health`, connections: CEILING_CONNECTIONS, duration: CEILING_SECONDS });
    feedCeiling = await cannon(server, { url, connections: CEILING_CONNECTIONS, duration: CEILING_SECONDS, requests: feedRequests(followers) });
    log(`[${label}] ceilings: /health ${healthCeiling.requestsPerSec}/s, GET /v1/feed ${feedCeiling.requestsPerSec}/s (${feedCeiling.serverCpuMsPerRequest} ms server CPU each)`);
  }
  if (options.ceilings) await cannon(server, { url, connections: FEED_CONNECTIONS, duration: 2, overallRate: FEED_RATE, requests: feedRequests(followers) });
  const burst = await cannon(server, { url, connections: FEED_CONNECTIONS, duration: options.seconds, overallRate: FEED_RATE, requests: feedRequests(followers) });
  log(`[${label}] GET /v1/feed at ${FEED_RATE}/s in bursts (autocannon): ${burst.requestsPerSec}/s, p50 ${burst.latencyMs.p50} / p99 ${burst.latencyMs.p99} ms`);
  let paced: FeedRun['paced'];
  if (feedCeiling && feedCeiling.requestsPerSec < FEED_RATE) {
    paced = { skipped: `the feed ceiling (${feedCeiling.requestsPerSec}/s) is below ${FEED_RATE}/s: evenly spaced requests would only queue up` };
  } else {
    if (options.ceilings) await pacedFeed(server, followers, 2);
    paced = await pacedFeed(server, followers, options.seconds);
    log(
      `[${label}] GET /v1/feed at ${FEED_RATE}/s evenly spaced: ${paced.requestsPerSec}/s, p50 ${paced.latencyMs.p50} / p90 ${paced.latencyMs.p90} / p99 ${paced.latencyMs.p99} ms` +
        ` (generator up to ${paced.maxSendSlipMs} ms late, ${paced.machineStolenPct} % of the machine stolen, ${paced.listenOverflows} connects refused)`,
    );
  }
  const outboxAfter = outboxCounts(dataDir);
  const jobsDonePerSec = Math.round((outboxAfter.done - outboxBefore.done) / ((performance.now() - start) / 1000));
  const pass = !('skipped' in paced) && paced.latencyMs.p99 <= GOALS.feedP99Ms && paced.requestsPerSec >= FEED_RATE * 0.95 && paced.errors + paced.non2xx === 0;
  let profile: FeedRun['profile'] = null;
  if (options.profile && profileWanted(!pass)) {
    const file = join(tmpdir(), `social-feed-get-${label.replace(/\W+/g, '-')}-${Date.now()}.cpuprofile`);
    await server.startProfile();
    const profiled = await pacedFeed(server, followers, PROFILE_FEED_SECONDS);
    await server.stopProfile(file);
    profile = { file, seconds: PROFILE_FEED_SECONDS, requestsPerSec: profiled.requestsPerSec, summary: summariseCpuProfile(file, { top: 25, watch: SERVER_WATCH }) };
  }
  return {
    label,
    outboxBefore,
    outboxAfter,
    jobsDonePerSec,
    healthCeiling,
    feedCeiling,
    burst: { ...burst, targetPerSec: FEED_RATE, connections: FEED_CONNECTIONS },
    paced,
    goal: { ratePerSec: FEED_RATE, p99Ms: GOALS.feedP99Ms, pass },
    profile,
  };
}

interface LagFigures {
  rounds: number;
  followers: number;
  pollGapMs: number;
  lagMs: LatencyFigures;
  finishMs: LatencyFigures;
  /** Lag minus the finish latency, per round (negative: visible before the finish answered). */
  lagAfterFinishResponseMs: LatencyFigures;
  seenBeforeFinishResponse: number;
  /** Median lag of the first and of the last 10 rounds: the push-job backlog grows in between. */
  firstTenMedianLagMs: number;
  lastTenMedianLagMs: number;
  outboxBefore: OutboxCounts;
  outboxAfter: OutboxCounts;
  seconds: number;
  serverCpuPct: number;
  samples: LagSample[];
  goal: { p99Ms: number; pass: boolean };
  profile: { file: string; rounds: number; summary: ProfileSummary } | null;
}

async function lagRun(server: ServerProcess, dataDir: string, audience: Audience): Promise<LagFigures> {
  const { athlete, followers } = audience;
  for (let r = 0; r < LAG_WARMUP_ROUNDS; r++) await lagRound(server.url, athlete, followers);
  const outboxBefore = outboxCounts(dataDir);
  const mark = serverCpuMark(server);
  const samples: LagSample[] = [];
  for (let r = 0; r < LAG_ROUNDS; r++) samples.push(await lagRound(server.url, athlete, followers));
  const cpu = serverCpuSince(server, mark);
  const seconds = (performance.now() - mark.atMs) / 1000;
  const outboxAfter = outboxCounts(dataDir);
  const lagMs = latencyFigures(samples.map((s) => s.lagMs));
  const pass = lagMs.p99 <= GOALS.lagP99Ms;
  log(`[lag] p50 ${lagMs.p50} ms, p99 ${lagMs.p99} ms over ${samples.length} rounds; push jobs waiting ${outboxBefore.pending} → ${outboxAfter.pending}`);
  let profile: LagFigures['profile'] = null;
  if (profileWanted(!pass)) {
    const file = join(tmpdir(), `social-feed-lag-${Date.now()}.cpuprofile`);
    await server.startProfile();
    for (let r = 0; r < PROFILE_LAG_ROUNDS; r++) await lagRound(server.url, athlete, followers);
    await server.stopProfile(file);
    profile = { file, rounds: PROFILE_LAG_ROUNDS, summary: summariseCpuProfile(file, { top: 25, watch: SERVER_WATCH }) };
  }
  return {
    rounds: samples.length,
    followers: followers.length,
    pollGapMs: POLL_GAP_MS,
    lagMs,
    finishMs: latencyFigures(samples.map((s) => s.finishMs)),
    lagAfterFinishResponseMs: latencyFigures(samples.map((s) => s.lagMs - s.finishMs)),
    seenBeforeFinishResponse: samples.filter((s) => s.seenBeforeFinishResponse).length,
    firstTenMedianLagMs: round(median(samples.slice(0, 10).map((s) => s.lagMs))),
    lastTenMedianLagMs: round(median(samples.slice(-10).map((s) => s.lagMs))),
    outboxBefore,
    outboxAfter,
    seconds: round(seconds),
    serverCpuPct: cpu.serverCpuPct,
    samples,
    goal: { p99Ms: GOALS.lagP99Ms, pass },
    profile,
  };
}

// ---------------------------------------------------------------------------------------------

function printProfile(title: string, summary: ProfileSummary, file: string): void {
  console.log(`\nCPU profile: ${title} (${file})`);
  console.log(`wall ${summary.wallMs} ms, busy ${summary.busyMs} ms, GC ${summary.gcPct} % of busy`);
  console.table(summary.byPlace.slice(0, 12));
  console.table(summary.topSelf.slice(0, 20));
  console.table(summary.watched);
}

function feedRow(run: FeedRun) {
  const p = run.paced;
  return {
    goal: `GET /v1/feed at ${FEED_RATE}/s evenly spaced, ${run.label}`,
    value: 'skipped' in p ? `skipped: ${p.skipped}` : `${p.requestsPerSec}/s, p50 ${p.latencyMs.p50} / p90 ${p.latencyMs.p90} / p99 ${p.latencyMs.p99} ms, ${p.errors + p.non2xx} errors`,
    target: `p99 ≤ ${GOALS.feedP99Ms} ms`,
    result: run.goal.pass ? 'pass' : 'FAIL',
  };
}

function burstRow(run: FeedRun) {
  const b = run.burst;
  return {
    goal: `(for comparison) GET /v1/feed at ${FEED_RATE}/s in 1 s bursts, ${run.label} (autocannon, ${FEED_CONNECTIONS} conns)`,
    value: `${b.requestsPerSec}/s, p50 ${b.latencyMs.p50} / p90 ${b.latencyMs.p90} / p99 ${b.latencyMs.p99} ms, ${b.errors + b.non2xx + b.timeouts} errors`,
    target: '',
    result: '',
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  // The server's code is copied first, so the whole run measures one build.
  const snapshot = snapshotServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'stride-social-feed-'));
  // The fan-out child sets up (appends, then a long catch-up) while the HTTP audience registers.
  const fanOutChildProcess = new FanOutProcess();
  const sink = await startPushSink();
  let server: ServerProcess | undefined;
  try {
    server = await startServerProcess({ dataDir, snapshot, profile: true });
    log(`[http] server up; registering 1 athlete + up to ${LAG_FOLLOWERS} followers (${REGISTER_CONCURRENCY} at a time, at most ${REGISTER_BUDGET_S} s)`);
    const audience = await createAudience(server.url, LAG_FOLLOWERS, sink);
    const settled = await waitForOutbox(dataDir, 30_000);
    log(
      `[http] ${audience.followers.length} follows in ${audience.followSeconds.toFixed(1)} s, ${audience.withPushEndpoint} push endpoints; their push jobs done after ${settled.waitedSeconds} s more (${settled.left} left)`,
    );
    const fanOutSetup = await fanOutChildProcess.ready();

    // 1. Fan-out (the server is idle meanwhile).
    const fanOut = await fanOutChildProcess.measure();

    // 2. Lag.
    const pushesBeforeLag = sink.received();
    const lag = await lagRun(server, dataDir, audience);
    const pushesDuringLag = sink.received() - pushesBeforeLag;

    // 3. GET /v1/feed: (a) right away, while the push jobs of step 2 are being worked off.
    const depth = await requestJson<FeedPage>('GET', `${server.url}/v1/feed?limit=20`, { token: audience.followers[0].token });
    if (depth.body.items.length < 20 || depth.body.next_cursor === null) throw new Error(`a follower's feed holds ${depth.body.items.length} items, not more than 20`);
    const itemsPerFeed = (await requestJson<FeedPage>('GET', `${server.url}/v1/feed?limit=100`, { token: audience.followers[0].token })).body.items.length;
    const feedResponseBytes = Buffer.byteLength(JSON.stringify(depth.body));
    const busy = await feedRun('push jobs draining', server, dataDir, audience.followers, { ceilings: false, profile: false, seconds: BUSY_FEED_SECONDS });
    // (b) Quiet: the same server and data, the outstanding push jobs marked done.
    const skippedJobs = clearPendingJobs(dataDir);
    const settledAfterClear = await waitForOutbox(dataDir, 10_000);
    log(`[quiet] ${skippedJobs} pending push jobs marked done (${settledAfterClear.left} outstanding after ${settledAfterClear.waitedSeconds} s)`);
    const quiet = await feedRun('quiet', server, dataDir, audience.followers, { ceilings: true, profile: true, seconds: FEED_SECONDS });

    const table = [
      { goal: `fan-out to ${fanOut.followers} followers (in-process)`, value: `${fanOut.medianItemsPerSec} items/s`, target: `≥ ${GOALS.fanOutItemsPerSec} items/s`, result: fanOut.goal.pass ? 'pass' : 'FAIL' },
      { goal: `lag finish → follower's feed, ${lag.followers} followers`, value: `p50 ${lag.lagMs.p50} / p99 ${lag.lagMs.p99} ms`, target: `p99 ≤ ${GOALS.lagP99Ms} ms`, result: lag.goal.pass ? 'pass' : 'FAIL' },
      feedRow(quiet),
      feedRow(busy),
      burstRow(quiet),
      burstRow(busy),
    ];
    console.table(table);
    const feedRuns = [quiet, busy];
    const pacedCpu = (run: FeedRun) => ('skipped' in run.paced ? run.paced.skipped : `${run.paced.serverCpuPct}; ${run.paced.serverCpuMsPerRequest}`);
    const pacedFromPlan = (run: FeedRun) =>
      'skipped' in run.paced ? '' : `${run.paced.fromPlanMs.p50} / ${run.paced.fromPlanMs.p90} / ${run.paced.fromPlanMs.p99} (send slip at worst ${run.paced.maxSendSlipMs} ms)`;
    console.table([
      { figure: 'fan-out total / append / apply / GC (median ms)', value: `${fanOut.medianTotalMs} / ${fanOut.medianAppendMs} / ${fanOut.medianApplyMs} / ${fanOut.medianGcMs}` },
      { figure: 'fan-out items per CPU second (median)', value: fanOut.medianItemsPerCpuSec },
      ...Object.entries(fanOut.parts).map(([part, t]) => ({ figure: `fan-out part ${part} (wall / CPU ms)`, value: `${t.ms} / ${t.cpuMs}` })),
      { figure: 'feeds catch-up on setup (events/s, CPU s)', value: `${fanOut.setup.catchUpEventsPerSec} (${fanOut.setup.catchUpSeconds} s, ${fanOut.setup.catchUpCpuSeconds} CPU s)` },
      { figure: 'finish latency p50 / p99 (ms)', value: `${lag.finishMs.p50} / ${lag.finishMs.p99}` },
      { figure: 'seen before the finish response', value: `${lag.seenBeforeFinishResponse} of ${lag.rounds}` },
      { figure: 'lag median, first 10 / last 10 rounds (ms)', value: `${lag.firstTenMedianLagMs} / ${lag.lastTenMedianLagMs}` },
      { figure: 'push jobs waiting before / after the lag rounds', value: `${lag.outboxBefore.pending} / ${lag.outboxAfter.pending}` },
      { figure: `pushes delivered to the sink during the lag rounds (${audience.withPushEndpoint} followers with an endpoint)`, value: pushesDuringLag },
      ...feedRuns.flatMap((run) => [
        ...(run.healthCeiling && run.feedCeiling
          ? [
              {
                figure: `[${run.label}] /health ceiling, feed ceiling (req/s), ratio`,
                value: `${run.healthCeiling.requestsPerSec}, ${run.feedCeiling.requestsPerSec}, ${round(run.feedCeiling.requestsPerSec / run.healthCeiling.requestsPerSec)}`,
              },
              { figure: `[${run.label}] server CPU per request, /health vs feed (ms)`, value: `${run.healthCeiling.serverCpuMsPerRequest} vs ${run.feedCeiling.serverCpuMsPerRequest}` },
            ]
          : []),
        { figure: `[${run.label}] server CPU at ${FEED_RATE}/s evenly spaced (% of a core; ms per request)`, value: pacedCpu(run) },
        { figure: `[${run.label}] server CPU at ${FEED_RATE}/s in bursts (% of a core; ms per request)`, value: `${run.burst.serverCpuPct}; ${run.burst.serverCpuMsPerRequest}` },
        { figure: `[${run.label}] ${FEED_RATE}/s evenly spaced, from the planned send p50 / p90 / p99 (ms)`, value: pacedFromPlan(run) },
        { figure: `[${run.label}] push jobs waiting before → after; done/s`, value: `${run.outboxBefore.pending} → ${run.outboxAfter.pending}; ${run.jobsDonePerSec}` },
      ]),
    ]);
    if (fanOut.profile) printProfile('fan-out, in-process', fanOut.profile.summary, fanOut.profile.file);
    if (lag.profile) printProfile(`server during ${lag.profile.rounds} lag rounds`, lag.profile.summary, lag.profile.file);
    for (const run of feedRuns) if (run.profile) printProfile(`server during GET /v1/feed at ${FEED_RATE}/s, ${run.label}`, run.profile.summary, run.profile.file);
    report('social-feed', {
      description:
        "Feeds: fan-out on write in-process (SqliteEventStore NORMAL + MemoryReadStore + ProjectionRunner of feedsProjection); over HTTP against dist/src/main.js in a child process (embedded defaults): lag from finish to a follower's feed (10 % of the followers with a push endpoint), and GET /v1/feed at a fixed rate with evenly spaced arrivals (the verdict) and in autocannon's one-second bursts, right after the lag rounds and quiet",
      autocannon: autocannonVersion(),
      goals: GOALS,
      allGoalsPass: fanOut.goal.pass && lag.goal.pass && quiet.goal.pass && busy.goal.pass,
      table,
      fanOut: { ...fanOut, setup: fanOutSetup },
      audience: {
        followersWanted: LAG_FOLLOWERS,
        followersRegistered: audience.followers.length,
        withPushEndpoint: audience.withPushEndpoint,
        registerSeconds: round(audience.registerSeconds),
        registerPerSec: round(audience.followers.length / audience.registerSeconds),
        followSeconds: round(audience.followSeconds),
      },
      lag: { ...lag, pushesDelivered: pushesDuringLag },
      feed: { itemsPerFeed, responseBytesOf20Items: feedResponseBytes, skippedPushJobs: skippedJobs, runs: feedRuns },
      runSeconds: round((performance.now() - started) / 1000),
    });
  } finally {
    fanOutChildProcess.kill();
    await server?.stop();
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
    snapshot.dispose();
  }
}

if (process.argv[2] === FANOUT_CHILD) {
  fanOutChild().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
