/**
 * Embedded (memory) read store benchmark: the indexed, ordered listing feeds and inboxes use.
 *
 *  - fan-out: one workout written into 10,000 followers' feeds with one putMany of 10,000 feed
 *    items, into a collection indexed on `owner` ordered by `sort_key` where every follower
 *    already has FEED_DEPTH items. Documents are built the way the feeds projection builds them
 *    (the item's fields spread into a fresh object per reader). Goal: ≥ 50,000 items/s with
 *    ~300-byte documents. Also with the feeds projection's full ~500-byte item (route polylines
 *    shared between readers, as the projection does, and unshared), and with a second index
 *    (`workout_id`, as the feeds projection declares);
 *  - removal of one workout's 10,000 items from every feed (deleteWhere through that index);
 *  - latency of `list` for a 20-item page (first page, and pages behind a `before` cursor) of an
 *    owner with 1,000 items, and of `get`, each call timed on its own: p50 / p99 in µs.
 * Fan-out figures are the median of ROUNDS rounds after WARMUP_ROUNDS; latencies are percentiles
 * of SAMPLES calls after 2,000 untimed ones. The machines are shared: expect noise in the tails.
 */
import { MemoryReadStore } from '../src/infra/read-store/memory/memory-read-store';
import type { ReadCollection } from '../src/core/read-store';
import { loadavg } from 'node:os';
import { collectGarbage, median, round } from './lib/measure';
import { percentile, report } from './lib/report';

const FOLLOWERS = 10_000;
/** Items each follower's feed holds before the measured fan-outs. */
const FEED_DEPTH = 20;
const ROUNDS = 11;
const WARMUP_ROUNDS = 2;
const BIG_FEED = 1_000;
const PAGE = 20;
const SAMPLES = 20_000;
const GOAL_ITEMS_PER_SEC = 50_000;

interface FeedItemDocument {
  workout_id: string;
  athlete_id: string;
  athlete_name: string;
  sport_type: string;
  start_date: string;
  distance: number;
  moving_time: number;
  name?: string | null;
  elapsed_time?: number;
  total_elevation_gain?: number;
  average_speed?: number;
  summary_polylines?: string[];
  owner: string;
  sort_key: string;
}

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const followerIds = Array.from({ length: FOLLOWERS }, (_, i) => uuid(1_000_000 + i));

/** What a workout's feed item carries before it is addressed to a reader. */
function workoutItem(n: number, shape: Shape): Omit<FeedItemDocument, 'owner' | 'sort_key'> {
  const compact = {
    workout_id: uuid(n),
    athlete_id: uuid(7),
    athlete_name: 'Ada Lovelace',
    sport_type: 'Run',
    start_date: new Date(Date.UTC(2025, 0, 1) + n * 3_600_000).toISOString(),
    distance: 10_012.5 + n,
    moving_time: 3_011,
  };
  if (shape === 'compact') return compact;
  return {
    ...compact,
    name: `Morning run ${n}`,
    elapsed_time: 3_140,
    total_elevation_gain: 42.3,
    average_speed: 3.32,
    summary_polylines: ['_p~iF~ps|U_ulLnnqC_mqNvxq`@'],
  };
}

/**
 * `compact`: ~300 bytes of JSON (the goal's size); `feeds`: the feeds projection's FeedItemDocument
 * with a short route polyline, ~500 bytes; `feeds-unshared`: the same with nothing shared between
 * the documents of one fan-out.
 */
type Shape = 'compact' | 'feeds' | 'feeds-unshared';

/** The documents of one fan-out: the feeds projection's `{ ...item, owner, sort_key }` per reader. */
function fanOutDocuments(n: number, owners: readonly string[], shape: Shape): Array<[string, FeedItemDocument]> {
  const item = workoutItem(n, shape);
  const sort_key = `${item.start_date}|${item.workout_id}`;
  return owners.map((owner) => [
    `${owner}|${item.workout_id}`,
    shape === 'feeds-unshared' ? structuredClone({ ...item, owner, sort_key }) : { ...item, owner, sort_key },
  ]);
}

const averageBytes = (shape: Shape): number => {
  const sample = fanOutDocuments(1, followerIds.slice(0, 100), shape);
  return Math.round(sample.reduce((sum, [, document]) => sum + JSON.stringify(document).length, 0) / sample.length);
};

/** A full collection, then a pause for the collector's background sweeping, so it is not billed to what follows. */
async function settle(): Promise<void> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

async function fill(items: ReadCollection<FeedItemDocument>, firstWorkout: number, shape: Shape): Promise<number> {
  let n = firstWorkout;
  for (let depth = 0; depth < FEED_DEPTH; depth++) await items.putMany(fanOutDocuments(n++, followerIds, shape));
  return n;
}

interface FanOutFigures {
  indexes: string[];
  documents: Shape;
  document_json_bytes: number;
  items_per_round: number;
  documents_before: number;
  median_ms: number;
  min_ms: number;
  median_items_per_sec: number;
  /** Items per second of CPU time the process spent (all threads: GC helpers count): steadier than wall time on a busy machine. */
  median_items_per_cpu_sec: number;
}

/** Median time of ROUNDS fan-outs of FOLLOWERS items each into a filled collection. */
async function fanOut(indexes: ReadonlyArray<{ field: string; orderBy: string }>, shape: Shape): Promise<FanOutFigures & { delete_workout_from_every_feed?: { median_ms: number; median_cpu_ms: number } }> {
  const store = new MemoryReadStore();
  const items = store.collection<FeedItemDocument>('feeds_v1__items');
  for (const index of indexes) await items.ensureIndex(index);
  let n = await fill(items, 1, shape);
  const documentsBefore = await items.count();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    const documents = fanOutDocuments(n++, followerIds, shape); // built outside the timing: the projection has them anyway
    await settle();
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await items.putMany(documents);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const { user, system } = process.cpuUsage(cpu);
    if (round >= WARMUP_ROUNDS) {
      times.push(ms);
      cpuTimes.push((user + system) / 1e3);
    }
  }
  let deleteMs: { median_ms: number; median_cpu_ms: number } | undefined;
  if (indexes.some((index) => index.field === 'workout_id')) {
    const deletes: number[] = [];
    const deleteCpu: number[] = [];
    for (let round = 0; round < 5; round++) {
      await settle();
      const cpu = process.cpuUsage();
      const start = process.hrtime.bigint();
      const removed = await items.deleteWhere({ workout_id: uuid(--n) });
      deletes.push(Number(process.hrtime.bigint() - start) / 1e6);
      const { user, system } = process.cpuUsage(cpu);
      deleteCpu.push((user + system) / 1e3);
      if (removed !== FOLLOWERS) throw new Error(`deleteWhere removed ${removed}, expected ${FOLLOWERS}`);
    }
    deleteMs = { median_ms: round(median(deletes)), median_cpu_ms: round(median(deleteCpu)) };
  }
  const medianMs = median(times);
  return {
    indexes: indexes.map((index) => `${index.field} by ${index.orderBy}`),
    documents: shape,
    document_json_bytes: averageBytes(shape),
    items_per_round: FOLLOWERS,
    documents_before: documentsBefore,
    median_ms: round(medianMs),
    min_ms: round(Math.min(...times)),
    median_items_per_sec: Math.round(FOLLOWERS / (medianMs / 1000)),
    median_items_per_cpu_sec: Math.round(FOLLOWERS / (median(cpuTimes) / 1000)),
    ...(deleteMs === undefined ? {} : { delete_workout_from_every_feed: deleteMs }),
  };
}

async function latency(label: string, call: (i: number) => Promise<unknown>): Promise<Record<string, number | string>> {
  for (let i = 0; i < 2_000; i++) await call(i);
  await settle();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await call(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  samples.sort((a, b) => a - b);
  return { call: label, samples: SAMPLES, p50_us: round(percentile(samples, 50)), p99_us: round(percentile(samples, 99)), max_us: round(samples[samples.length - 1]) };
}

async function main(): Promise<void> {
  const byOwner = { field: 'owner', orderBy: 'sort_key' };
  const byWorkout = { field: 'workout_id', orderBy: 'sort_key' };
  const fanOuts = [
    await fanOut([byOwner], 'compact'),
    await fanOut([byOwner], 'feeds'),
    await fanOut([byOwner], 'feeds-unshared'),
    await fanOut([byOwner, byWorkout], 'feeds'),
  ];

  // Listing: one owner with BIG_FEED items, among the FOLLOWERS feeds of FEED_DEPTH items.
  const store = new MemoryReadStore();
  const items = store.collection<FeedItemDocument>('feeds_v1__items');
  await items.ensureIndex(byOwner);
  const n = await fill(items, 1, 'compact');
  const reader = uuid(42);
  for (let i = 0; i < BIG_FEED; i += 100) {
    await items.putMany(Array.from({ length: 100 }, (_, j) => fanOutDocuments(n + i + j, [reader], 'compact')[0]));
  }
  const keys = (await items.list({ where: { owner: reader }, orderBy: 'sort_key', limit: BIG_FEED })).map(([, document]) => document.sort_key);
  if (keys.length !== BIG_FEED) throw new Error(`expected ${BIG_FEED} items in the big feed, got ${keys.length}`);
  const firstPage = await latency(`list first ${PAGE} of ${BIG_FEED}`, async () => {
    const page = await items.list({ where: { owner: reader }, orderBy: 'sort_key', limit: PAGE });
    if (page.length !== PAGE) throw new Error('short page');
  });
  const cursorPage = await latency(`list ${PAGE} of ${BIG_FEED} before a cursor`, async (i) => {
    const before = keys[(i * 37) % (BIG_FEED - PAGE)];
    const page = await items.list({ where: { owner: reader }, orderBy: 'sort_key', before, limit: PAGE });
    if (page.length !== PAGE) throw new Error('short page');
  });
  const ids = followerIds.map((owner) => `${owner}|${uuid(1)}`);
  const get = await latency('get', async (i) => {
    if ((await items.get(ids[(i * 7919) % ids.length])) === undefined) throw new Error('missing');
  });

  const goalFigure = fanOuts[0].median_items_per_sec;
  const loadAverage = loadavg()[0];
  report('read-store', {
    adapter: 'MemoryReadStore',
    fan_out: fanOuts,
    latency: { documents: await items.count(), document_json_bytes: averageBytes('compact'), page: PAGE, feed_items: BIG_FEED, calls: [firstPage, cursorPage, get] },
    goal: {
      description: `fan-out of one workout into ${FOLLOWERS.toLocaleString('en')} feeds (putMany, index on owner by sort_key) at ≥ ${GOAL_ITEMS_PER_SEC.toLocaleString('en')} items/s (median)`,
      items_per_sec: goalFigure,
      items_per_cpu_sec: fanOuts[0].median_items_per_cpu_sec,
      met: goalFigure >= GOAL_ITEMS_PER_SEC,
      /** The machine's 1-minute load average at the end, against its CPU count: above it, wall-clock figures are inflated by waiting for a CPU. */
      load_average: round(loadAverage),
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
