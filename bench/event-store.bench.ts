/**
 * Embedded event store benchmark (see docs/benchmarks.md).
 *
 * In one run, side by side, on scratch files under the OS temp dir that it deletes again:
 *  - append throughput of SqliteEventStore (single events awaited one by one, 100-event batches
 *    awaited one by one, 64 concurrent single-event appends to different streams) with
 *    synchronous=FULL and synchronous=NORMAL;
 *  - the raw better-sqlite3 insert rate into the same table, with the same pragmas and the same
 *    JSON.stringify of the same payloads, 100 rows per transaction: the ceiling;
 *  - the replay rate of a 500,000-event store through the projection rebuild path (replayRate())
 *    and through bare readAll(), against a raw SELECT ... ORDER BY position with .iterate(), with
 *    and without JSON.parse; readStream() of whole streams;
 *  - the same appends and reads with Emmett's SQLite event store, the closest public peer,
 *    loaded from bench/peers/node_modules (bench/peers/install.sh); the bench runs without it,
 *    and says so, when it is not installed.
 * Machines here are shared and noisy: every figure is the median of rounds interleaved with the
 * others', and the goals that compare are ratios taken within this run.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '../src/core/event-store';
import { SqliteEventStore } from '../src/infra/event-store/sqlite/sqlite-event-store';
import { prepareDatabase, SqliteSynchronous } from '../src/infra/event-store/sqlite/sqlite-schema';
import type { EventRow } from '../src/infra/event-store/sqlite/sqlite-rows';
import { MemoryReadStore } from '../src/infra/read-store/memory/memory-read-store';
import type { Projection } from '../src/projections/projection';
import { rebuildProjection } from '../src/projections/rebuild';
import { EmmettPeerStore, LoadedPeer, loadEmmett, PEERS_HINT } from './lib/emmett-peer';
import { collectGarbage, concurrent, median, pass, round, Scratch, sequential, settleDisk, Throughput } from './lib/measure';
import { percentile, report } from './lib/report';

const ROUNDS = 3;
/** Time limit of one append measurement; the fsync-bound ones need it, the others hit POOL_SIZE. */
const PHASE_MS = 500;
const POOL_SIZE = 60_000;
const BATCH = 100;
const CONCURRENCY = 64;
/** Streams the single-event appends go round (so most appends extend an existing stream). */
const SINGLE_STREAMS = 1_000;
const REPLAY_STREAMS = 500;
const REPLAY_EVENTS_PER_STREAM = 1_000;
/** Events per append while filling the replay stores (bigger batches keep the fill short). */
const FILL_BATCH = 500;
/** The fill's rate is reported for each slice of this many events. */
const FILL_SLICE = 100_000;
const REPLAY_EVENTS = REPLAY_STREAMS * REPLAY_EVENTS_PER_STREAM;
const REPLAY_ROUNDS = 2;
/**
 * The run should stay under ~3 minutes. On a heavily loaded machine the fills alone can take
 * minutes: a further read round starts only if it is expected to finish within this budget.
 */
const TIME_BUDGET_MS = 170_000;
/** Streams read whole by the readStream figure (of REPLAY_EVENTS_PER_STREAM events each). */
const READ_STREAMS = 100;
/** Page size of the peer's global-log read: the same as SqliteEventStore's readAll page. */
const PEER_READ_PAGE = 512;
const SYNC_MODES: readonly SqliteSynchronous[] = ['FULL', 'NORMAL'];

const GOALS = {
  batchedEventsPerSec: 50_000,
  batchedVsRaw: 0.5,
  replayEventsPerSec: 100_000,
  replayVsRawWithParse: 0.5,
};

// ---------------------------------------------------------------------------------------------
// Events: ~200 bytes of JSON data and the full metadata every event of the platform carries.

const SPORTS = ['run', 'ride', 'swim', 'hike', 'row'];
const BASE_TIME = Date.UTC(2025, 4, 1);

const EVENT_TYPE = 'WorkoutRecorded';

function makeEvent(i: number): NewEvent {
  const athlete = `athlete-${String(i % 50_000).padStart(6, '0')}`;
  return {
    type: EVENT_TYPE,
    data: {
      workoutId: randomUUID(),
      athleteId: athlete,
      sport: SPORTS[i % SPORTS.length],
      startedAt: new Date(BASE_TIME + i * 61_000).toISOString(),
      durationS: 1_200 + (i % 5_000),
      distanceM: 3_000 + ((i * 7) % 40_000) + 0.5,
      elevationGainM: (i * 13) % 900,
      avgHeartRate: 110 + (i % 70),
    },
    metadata: {
      eventId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      actorId: `user-${athlete}`,
      occurredAt: new Date(BASE_TIME + i * 61_000 + 5_000).toISOString(),
      schemaVersion: 1,
      requestId: `req-${randomUUID().slice(0, 18)}`,
    },
  };
}

/** The same events are appended to every file (each measurement has a file of its own). */
let pool: NewEvent[] = [];

function batchAt(start: number): NewEvent[] {
  return pool.slice(start, start + BATCH);
}

// ---------------------------------------------------------------------------------------------
// Raw better-sqlite3: the same table, indexes and pragmas (prepareDatabase of sqlite-schema.ts).

function openRaw(file: string, synchronous: SqliteSynchronous): Database.Database {
  const db = new Database(file);
  prepareDatabase(db, synchronous);
  return db;
}

const INSERT_SQL =
  'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)';

function rawBatches(db: Database.Database): Promise<Throughput> {
  const insert = db.prepare(INSERT_SQL);
  const write = db.transaction((streamId: string, events: NewEvent[]) => {
    const recordedAt = Date.now();
    events.forEach((event, revision) =>
      insert.run(streamId, revision, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt),
    );
  });
  return sequential(PHASE_MS, POOL_SIZE, (done) => {
    write(`import-${done / BATCH}`, batchAt(done));
    return BATCH;
  });
}

function rawSingles(db: Database.Database): Promise<Throughput> {
  const insert = db.prepare(INSERT_SQL);
  return sequential(PHASE_MS, POOL_SIZE, (done) => {
    const event = pool[done];
    insert.run(
      `workout-${done % SINGLE_STREAMS}`,
      Math.floor(done / SINGLE_STREAMS),
      event.metadata.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      Date.now(),
    );
    return 1;
  });
}

// ---------------------------------------------------------------------------------------------
// Appends through an event store (ours, or the peer behind the same three calls).

interface Appender {
  append(streamId: string, events: NewEvent[]): Promise<unknown>;
}

interface Latencies {
  p50Ms: number;
  p99Ms: number;
}

async function singles(store: Appender, latencies: number[]): Promise<Throughput> {
  return sequential(PHASE_MS, POOL_SIZE, async (done) => {
    const start = process.hrtime.bigint();
    await store.append(`workout-${done % SINGLE_STREAMS}`, [pool[done]]);
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    return 1;
  });
}

function batches(store: Appender): Promise<Throughput> {
  return sequential(PHASE_MS, POOL_SIZE, async (done) => {
    await store.append(`import-${done / BATCH}`, batchAt(done));
    return BATCH;
  });
}

function concurrentSingles(store: Appender): Promise<Throughput> {
  return concurrent(CONCURRENCY, PHASE_MS, POOL_SIZE, (worker, seq) => store.append(`athlete-${worker}`, [pool[seq]]));
}

function ourAppender(store: SqliteEventStore): Appender {
  return { append: (streamId, events) => store.appendToStream(streamId, events) };
}

// ---------------------------------------------------------------------------------------------
// Reads.

/**
 * Events per second of one full replay of `store` through the projection rebuild path:
 * rebuildProjection (src/projections/rebuild.ts) of a projection that only counts the events it is
 * given, into an in-memory read store. It reads `$all` through store.readAll() (parsed events,
 * filtered on the projection's event types, in position order) and awaits apply() per event; the
 * read-store work of a real projection is deliberately left out.
 */
export async function replayRate(store: EventStore, eventTypes: readonly string[] = [EVENT_TYPE]): Promise<Throughput> {
  const readStore = new MemoryReadStore();
  let applied = 0;
  const projection: Projection = {
    name: 'bench_replay',
    version: 1,
    eventTypes,
    collections: ['nothing'],
    apply: async (event) => {
      if (event.metadata.eventId.length > 0) applied++;
    },
  };
  try {
    return await pass(async () => {
      const rebuilt = await rebuildProjection({ store, readStore, projection });
      if (rebuilt.events !== applied) throw new Error(`rebuild reported ${rebuilt.events} events, applied ${applied}`);
      return rebuilt.events;
    });
  } finally {
    await readStore.close();
  }
}

/** The bare read path under the rebuild: every event of `$all` through store.readAll(), parsed. */
export async function readAllRate(store: EventStore): Promise<Throughput> {
  return pass(async () => {
    let n = 0;
    for await (const event of store.readAll()) if (event.metadata.eventId.length > 0) n++;
    return n;
  });
}

/** The equivalent work without the store: one prepared SELECT, .iterate(), JSON.parse of both. */
function rawReplay(db: Database.Database, parse: boolean): Promise<Throughput> {
  const select = db.prepare<[], EventRow>('SELECT * FROM events ORDER BY position');
  return pass(() => {
    let n = 0;
    if (parse) {
      for (const row of select.iterate()) {
        const data = JSON.parse(row.data) as unknown;
        const metadata = JSON.parse(row.metadata) as { eventId: string };
        if (data !== null && metadata.eventId.length > 0) n++;
      }
    } else {
      for (const row of select.iterate()) if (row.data.length > 0 && row.metadata.length > 0) n++;
    }
    return n;
  });
}

function readStreamRate(read: (streamId: string) => Promise<number>): Promise<Throughput> {
  return pass(async () => {
    let n = 0;
    for (let s = 0; s < READ_STREAMS; s++) n += await read(`replay-${(s * 7) % REPLAY_STREAMS}`);
    return n;
  });
}

/**
 * Fills a store with REPLAY_EVENTS events: FILL_BATCH-event appends going round REPLAY_STREAMS
 * streams. The rate of each FILL_SLICE events is kept: it shows how appends slow down as the
 * store grows past the sizes of the append measurements.
 */
async function populate(append: (streamId: string, events: NewEvent[]) => Promise<unknown>): Promise<Fill> {
  const slices: Throughput[] = [];
  const appendsPerSlice = FILL_SLICE / FILL_BATCH;
  let n = 0;
  const total = await pass(async () => {
    for (let slice = 0; slice < REPLAY_EVENTS / FILL_SLICE; slice++) {
      slices.push(
        await pass(async () => {
          for (let a = 0; a < appendsPerSlice; a++) {
            const events = Array.from({ length: FILL_BATCH }, () => makeEvent(n++));
            await append(`replay-${(slice * appendsPerSlice + a) % REPLAY_STREAMS}`, events);
          }
          return FILL_SLICE;
        }),
      );
    }
    return n;
  });
  return { total, slices };
}

interface Fill {
  total: Throughput;
  slices: Throughput[];
}

async function ourReadStream(store: SqliteEventStore, streamId: string): Promise<number> {
  let n = 0;
  for await (const event of store.readStream(streamId)) if (event.metadata.eventId.length > 0) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// The run.

type Samples = Map<string, number[]>;

function record(samples: Samples, key: string, throughput: Throughput): void {
  const list = samples.get(key) ?? [];
  list.push(throughput.eventsPerSec);
  samples.set(key, list);
}

function figure(samples: Samples, key: string): { eventsPerSec: number; rounds: number[] } | undefined {
  const list = samples.get(key);
  if (!list) return undefined;
  return { eventsPerSec: round(median(list)), rounds: list.map((v) => round(v)) };
}

function rateOf(samples: Samples, key: string): number {
  return median(samples.get(key) ?? []);
}

function ratio(a: number, b: number): number {
  return round(a / b, 3);
}

function latencies(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) };
}

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function measureAppends(scratch: Scratch, peer: LoadedPeer, samples: Samples, singleLatency: Map<string, number[]>) {
  const peerError: { error?: string } = {};
  const latencyList = (key: string): number[] => {
    const list = singleLatency.get(key) ?? [];
    singleLatency.set(key, list);
    return list;
  };
  for (let r = 0; r < ROUNDS; r++) {
    // Odd rounds run everything in the reverse order, so no contender always follows the same one.
    const reverse = r % 2 === 1;
    for (const sync of reverse ? [...SYNC_MODES].reverse() : SYNC_MODES) {
      say(`append round ${r + 1}/${ROUNDS}, synchronous=${sync}`);
      const withRaw = async (key: string, fn: (db: Database.Database) => Promise<Throughput>) => {
        const file = scratch.file(`raw-${key}`);
        const db = openRaw(file, sync);
        settleDisk();
        try {
          record(samples, `${sync}.raw.${key}`, await fn(db));
        } finally {
          db.close();
          scratch.removeDb(file);
          collectGarbage();
        }
      };
      const withStore = async (key: string, fn: (store: SqliteEventStore) => Promise<Throughput>) => {
        const file = scratch.file(`store-${key}`);
        const store = new SqliteEventStore(file, { synchronous: sync });
        // Its writer thread starts now, not in the measurement (as the application's runtime does).
        await store.ready();
        settleDisk();
        try {
          record(samples, `${sync}.store.${key}`, await fn(store));
        } finally {
          await store.close();
          scratch.removeDb(file);
          collectGarbage();
        }
      };
      const withPeer = async (key: string, fn: (store: EmmettPeerStore) => Promise<Throughput>) => {
        if (!peer.ok || peerError.error) return;
        const file = scratch.file(`emmett-${key}`);
        let store: EmmettPeerStore | undefined;
        try {
          store = await EmmettPeerStore.open(peer.module, file, sync);
          settleDisk();
          record(samples, `${sync}.peer.${key}`, await fn(store));
        } catch (error) {
          peerError.error = `emmett ${key} failed: ${error instanceof Error ? error.message : String(error)}`;
          say(peerError.error);
        } finally {
          store?.close();
          scratch.removeDb(file);
          collectGarbage();
        }
      };
      const steps: Array<() => Promise<void>> = [
        () => withRaw('batch100', rawBatches),
        () => withStore('batch100', (store) => batches(ourAppender(store))),
        () => withPeer('batch100', (store) => batches(store)),
        () => withRaw('singleTx', rawSingles),
        () => withStore('single', (store) => singles(ourAppender(store), latencyList(`${sync}.store`))),
        () => withPeer('single', (store) => singles(store, latencyList(`${sync}.peer`))),
        () => withStore('concurrent64', (store) => concurrentSingles(ourAppender(store))),
      ];
      for (const step of reverse ? steps.reverse() : steps) await step();
    }
  }
  return peerError.error;
}

async function measureReads(scratch: Scratch, peer: LoadedPeer, samples: Samples, runStarted: number) {
  const extra: { storeFill?: Fill; peerFill?: Fill } = {};
  // Our store, filled through its own append path (synchronous NORMAL: only the reads count here).
  const file = scratch.file('replay-store');
  const store = new SqliteEventStore(file, { synchronous: 'NORMAL' });
  await store.ready();
  say(`filling SqliteEventStore with ${REPLAY_EVENTS} events`);
  extra.storeFill = await populate((streamId, events) => store.appendToStream(streamId, events));
  collectGarbage();
  const raw = new Database(file, { readonly: true });

  let peerStore: EmmettPeerStore | undefined;
  let peerFile: string | undefined;
  let peerError: string | undefined;
  let rebuildError: string | undefined;
  let lastRoundMs = 0;
  let replayRounds = 0;
  if (peer.ok) {
    try {
      peerFile = scratch.file('replay-emmett');
      peerStore = await EmmettPeerStore.open(peer.module, peerFile, 'NORMAL');
      say(`filling Emmett with ${REPLAY_EVENTS} events`);
      const opened = peerStore;
      extra.peerFill = await populate((streamId, events) => opened.append(streamId, events));
      collectGarbage();
    } catch (error) {
      peerError = `emmett fill failed: ${error instanceof Error ? error.message : String(error)}`;
      say(peerError);
      peerStore?.close();
      peerStore = undefined;
    }
  }

  try {
    settleDisk();
    await rawReplay(raw, false); // warms the page cache for everyone
    const check = (key: string, t: Throughput, expected: number) => {
      if (t.events !== expected) throw new Error(`${key} read ${t.events} events, expected ${expected}`);
      record(samples, key, t);
      collectGarbage();
    };
    const streamEvents = READ_STREAMS * REPLAY_EVENTS_PER_STREAM;
    /** The peer's reads: a failure is recorded and ends the peer's part, not the run. */
    const peerStep = (key: string, read: (opened: EmmettPeerStore) => Promise<Throughput>, expected: number) => async () => {
      if (!peerStore) return;
      try {
        check(key, await read(peerStore), expected);
      } catch (error) {
        peerError = `emmett ${key} failed: ${error instanceof Error ? error.message : String(error)}`;
        say(peerError);
        peerStore.close();
        peerStore = undefined;
      }
    };
    const steps: Array<() => Promise<void>> = [
      async () => {
        // The rebuild path is other code, still moving: if it breaks, report that and go on.
        if (rebuildError) return;
        try {
          check('replay.store.rebuild', await replayRate(store), REPLAY_EVENTS);
        } catch (error) {
          rebuildError = `replayRate (rebuildProjection) failed: ${error instanceof Error ? error.message : String(error)}`;
          say(rebuildError);
        }
      },
      async () => check('replay.store.readAll', await readAllRate(store), REPLAY_EVENTS),
      async () => check('replay.raw.withParse', await rawReplay(raw, true), REPLAY_EVENTS),
      async () => check('replay.raw.withoutParse', await rawReplay(raw, false), REPLAY_EVENTS),
      peerStep('replay.peer.readAll', (opened) => pass(() => opened.readAll(PEER_READ_PAGE)), REPLAY_EVENTS),
      async () => check('readStream.store', await readStreamRate((id) => ourReadStream(store, id)), streamEvents),
      peerStep('readStream.peer', (opened) => readStreamRate((id) => opened.readStream(id)), streamEvents),
    ];
    for (let r = 0; r < REPLAY_ROUNDS; r++) {
      const roundStarted = Date.now();
      if (r > 0 && roundStarted + lastRoundMs - runStarted > TIME_BUDGET_MS) {
        say(`skipping read rounds ${r + 1}..${REPLAY_ROUNDS}: they would take the run past ${TIME_BUDGET_MS / 1000} s`);
        break;
      }
      say(`read round ${r + 1}/${REPLAY_ROUNDS}`);
      for (const step of r % 2 === 1 ? [...steps].reverse() : steps) await step();
      lastRoundMs = Date.now() - roundStarted;
      replayRounds++;
    }
  } finally {
    raw.close();
    await store.close();
    scratch.removeDb(file);
    peerStore?.close();
    if (peerFile) scratch.removeDb(peerFile);
  }
  return { extra, peerError, rebuildError, replayRounds };
}

function averageBytes(): { data: number; metadata: number } {
  let data = 0;
  let metadata = 0;
  for (const event of pool) {
    data += Buffer.byteLength(JSON.stringify(event.data));
    metadata += Buffer.byteLength(JSON.stringify(event.metadata));
  }
  return { data: Math.round(data / pool.length), metadata: Math.round(metadata / pool.length) };
}

function throughputFigure(t: Throughput): { events: number; seconds: number; eventsPerSec: number } {
  return { events: t.events, seconds: round(t.seconds), eventsPerSec: round(t.eventsPerSec) };
}

function fillFigure(fill: Fill | undefined): unknown {
  if (!fill) return undefined;
  return {
    ...throughputFigure(fill.total),
    eventsPerSecBySlice: fill.slices.map((slice) => round(slice.eventsPerSec)),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  pool = Array.from({ length: POOL_SIZE }, (_, i) => makeEvent(i));
  const peer = await loadEmmett();
  if (!peer.ok) {
    const hint = peer.error.includes(PEERS_HINT) ? '' : `\n!!! ${PEERS_HINT}`;
    console.warn(`\n!!! Emmett peer unavailable, measuring without it: ${peer.error}${hint}\n`);
  }
  const scratch = new Scratch();
  const onSignal = () => {
    scratch.dispose();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const samples: Samples = new Map();
  const singleLatency = new Map<string, number[]>();
  let appendPeerError: string | undefined;
  const phaseSeconds: Record<string, number> = {};
  let reads: Awaited<ReturnType<typeof measureReads>>;
  try {
    appendPeerError = await measureAppends(scratch, peer, samples, singleLatency);
    phaseSeconds.appends = round((Date.now() - started) / 1000);
    const readsStarted = Date.now();
    reads = await measureReads(scratch, peer, samples, started);
    phaseSeconds.fillsAndReads = round((Date.now() - readsStarted) / 1000);
  } finally {
    scratch.dispose();
  }

  const append: Record<string, unknown> = {};
  const goals: Record<string, { value: number; target: string; pass: boolean }> = {};
  for (const sync of SYNC_MODES) {
    const k = (key: string) => `${sync}.${key}`;
    const storeBatch = rateOf(samples, k('store.batch100'));
    const rawBatch = rateOf(samples, k('raw.batch100'));
    const peerBatch = rateOf(samples, k('peer.batch100'));
    const peerSingle = rateOf(samples, k('peer.single'));
    append[sync] = {
      raw: { batch100: figure(samples, k('raw.batch100')), singleTx: figure(samples, k('raw.singleTx')) },
      store: {
        single: { ...figure(samples, k('store.single')), latency: latencies(singleLatency.get(k('store')) ?? []) },
        batch100: figure(samples, k('store.batch100')),
        concurrent64: figure(samples, k('store.concurrent64')),
      },
      peer: samples.has(k('peer.batch100'))
        ? {
            single: { ...figure(samples, k('peer.single')), latency: latencies(singleLatency.get(k('peer')) ?? []) },
            batch100: figure(samples, k('peer.batch100')),
          }
        : { error: appendPeerError ?? (peer.ok ? 'not measured' : peer.error) },
      ratios: {
        storeBatch100VsRawBatch100: ratio(storeBatch, rawBatch),
        storeSingleVsRawSingleTx: ratio(rateOf(samples, k('store.single')), rateOf(samples, k('raw.singleTx'))),
        storeConcurrent64VsStoreSingle: ratio(rateOf(samples, k('store.concurrent64')), rateOf(samples, k('store.single'))),
        storeBatch100VsPeerBatch100: ratio(storeBatch, peerBatch),
        storeSingleVsPeerSingle: ratio(rateOf(samples, k('store.single')), peerSingle),
      },
    };
    goals[`append ${sync}: store batch100 >= ${GOALS.batchedEventsPerSec} events/s`] = {
      value: round(storeBatch),
      target: `>= ${GOALS.batchedEventsPerSec}`,
      pass: storeBatch >= GOALS.batchedEventsPerSec,
    };
    goals[`append ${sync}: store batch100 >= ${GOALS.batchedVsRaw * 100}% of raw batch100`] = {
      value: ratio(storeBatch, rawBatch),
      target: `>= ${GOALS.batchedVsRaw}`,
      pass: storeBatch / rawBatch >= GOALS.batchedVsRaw,
    };
  }
  const replayRawParse = rateOf(samples, 'replay.raw.withParse');
  const replayRawBare = rateOf(samples, 'replay.raw.withoutParse');
  const replayPeer = rateOf(samples, 'replay.peer.readAll');
  const replayPaths = [
    ['rebuild', 'replayRate (rebuildProjection)'],
    ['readAll', 'readAll'],
  ] as const;
  for (const [key, label] of replayPaths) {
    const value = rateOf(samples, `replay.store.${key}`);
    goals[`replay via ${label} >= ${GOALS.replayEventsPerSec} events/s`] = {
      value: round(value),
      target: `>= ${GOALS.replayEventsPerSec}`,
      pass: value >= GOALS.replayEventsPerSec,
    };
    goals[`replay via ${label} >= ${GOALS.replayVsRawWithParse * 100}% of raw read with parse`] = {
      value: ratio(value, replayRawParse),
      target: `>= ${GOALS.replayVsRawWithParse}`,
      pass: value / replayRawParse >= GOALS.replayVsRawWithParse,
    };
  }
  const peerReads = samples.has('replay.peer.readAll');
  const replay = {
    events: REPLAY_EVENTS,
    store: {
      rebuild: {
        ...(figure(samples, 'replay.store.rebuild') ?? { error: reads.rebuildError ?? 'not measured' }),
        path: 'replayRate(): rebuildProjection of a counting projection into MemoryReadStore',
      },
      readAll: { ...figure(samples, 'replay.store.readAll'), path: 'for await of SqliteEventStore.readAll()' },
    },
    raw: { withParse: figure(samples, 'replay.raw.withParse'), withoutParse: figure(samples, 'replay.raw.withoutParse') },
    peer: peerReads
      ? { readAll: { ...figure(samples, 'replay.peer.readAll'), path: `readMessagesBatch, pages of ${PEER_READ_PAGE}` } }
      : { error: reads.peerError ?? (peer.ok ? 'not measured' : peer.error) },
    ratios: Object.fromEntries(
      replayPaths.flatMap(([key]) => {
        const value = rateOf(samples, `replay.store.${key}`);
        return [
          [`${key}VsRawWithParse`, ratio(value, replayRawParse)],
          [`${key}VsRawWithoutParse`, ratio(value, replayRawBare)],
          [`${key}VsPeer`, ratio(value, replayPeer)],
        ];
      }),
    ),
  };
  const readStream = {
    streams: READ_STREAMS,
    eventsPerStream: REPLAY_EVENTS_PER_STREAM,
    store: figure(samples, 'readStream.store'),
    peer: samples.has('readStream.peer') ? figure(samples, 'readStream.peer') : { error: reads.peerError ?? 'not measured' },
    storeVsPeer: ratio(rateOf(samples, 'readStream.store'), rateOf(samples, 'readStream.peer')),
  };
  const bytes = averageBytes();

  report('event-store', {
    setup: {
      rounds: ROUNDS,
      appendPhaseMs: PHASE_MS,
      maxEventsPerAppendPhase: POOL_SIZE,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      avgDataBytes: bytes.data,
      avgMetadataBytes: bytes.metadata,
      replayEvents: REPLAY_EVENTS,
      replayRounds: reads.replayRounds,
      note: 'events/s are medians over rounds interleaved with the other contenders; ratios compare figures of this run',
    },
    peer: peer.ok
      ? {
          name: '@event-driven-io/emmett-sqlite',
          version: peer.version,
          emmett: peer.emmettVersion,
          sqlite3: peer.sqlite3Version,
          connection: 'one kept-open sqlite3 connection (connectionOptions.singleton), synchronous set like ours',
          ...(appendPeerError || reads.peerError ? { error: appendPeerError ?? reads.peerError } : {}),
        }
      : { error: peer.error },
    append,
    replay,
    readStream,
    fill: {
      note: `${REPLAY_EVENTS} events in ${FILL_BATCH}-event appends round ${REPLAY_STREAMS} streams, synchronous=NORMAL; eventsPerSecBySlice: rate of each ${FILL_SLICE} events as the store grows`,
      store: fillFigure(reads.extra.storeFill),
      peer: fillFigure(reads.extra.peerFill),
    },
    goals,
    allGoalsPass: Object.values(goals).every((g) => g.pass),
    durationSeconds: round((Date.now() - started) / 1000),
    phaseSeconds,
  });
  printSummary(append, replay, readStream, goals, reads.extra);
  if (!peer.ok) console.log(`\nEmmett was not measured: ${peer.error}`);
}

function printSummary(
  append: Record<string, unknown>,
  replay: Record<string, unknown>,
  readStream: Record<string, unknown>,
  goals: Record<string, { value: number; target: string; pass: boolean }>,
  fills: { storeFill?: Fill; peerFill?: Fill },
): void {
  const rate = (value: unknown) => {
    const v = value as { eventsPerSec?: number } | undefined;
    return v?.eventsPerSec !== undefined ? Math.round(v.eventsPerSec).toLocaleString('en-US') : 'n/a';
  };
  const lines = ['', 'events/s (median)             FULL          NORMAL'];
  const row = (label: string, pick: (a: Record<string, Record<string, unknown>>) => unknown) => {
    const cells = SYNC_MODES.map((s) => rate(pick(append[s] as Record<string, Record<string, unknown>>)).padStart(12));
    lines.push(`${label.padEnd(28)}${cells.join('  ')}`);
  };
  row('raw better-sqlite3 batch100', (a) => a.raw.batch100);
  row('store batch100', (a) => a.store.batch100);
  row('emmett batch100', (a) => a.peer.batch100);
  row('raw 1 row per tx', (a) => a.raw.singleTx);
  row('store single', (a) => a.store.single);
  row('emmett single', (a) => a.peer.single);
  row('store 64 concurrent singles', (a) => a.store.concurrent64);
  const r = replay as { store: Record<string, unknown>; raw: Record<string, unknown>; peer: Record<string, unknown> };
  lines.push(
    '',
    `replay of ${REPLAY_EVENTS} events, events/s: rebuild path ${rate(r.store.rebuild)}, store readAll ${rate(r.store.readAll)},`,
    `  raw+parse ${rate(r.raw.withParse)}, raw ${rate(r.raw.withoutParse)}, emmett ${rate(r.peer.readAll)}`,
  );
  const s = readStream as { store: unknown; peer: unknown };
  lines.push(`readStream (${READ_STREAMS} streams x ${REPLAY_EVENTS_PER_STREAM}): store ${rate(s.store)}, emmett ${rate(s.peer)}`);
  const slices = (fill: Fill | undefined) => (fill ? fill.slices.map((slice) => rate(slice)).join(' / ') : 'n/a');
  lines.push(
    `fill to ${REPLAY_EVENTS} events (${FILL_BATCH}-event appends), by ${FILL_SLICE}-event slice:`,
    `  store  ${slices(fills.storeFill)}`,
    `  emmett ${slices(fills.peerFill)}`,
    '',
  );
  for (const [name, goal] of Object.entries(goals)) lines.push(`${goal.pass ? 'PASS' : 'FAIL'}  ${name}: ${goal.value}`);
  console.log(lines.join('\n'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
