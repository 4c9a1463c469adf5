import { isDeepStrictEqual } from 'node:util';
import type { EventStore, RecordedEvent } from '../core/event-store';
import type { ReadStore } from '../core/read-store';
import {
  applyEvents,
  CHECKPOINT_COLLECTION,
  collectionName,
  ensureIndexes,
  ModelDifference,
  loadCheckpoint,
  Projection,
  ProjectionModels,
  projectionModels,
  ProjectionSources,
  saveCheckpoint,
} from './projection';
import type { Leaderboards } from '../core/leaderboard';
import type { ProjectionRunner } from './projection-runner';

export interface RebuildProgress {
  position: bigint;
  head: bigint;
  events: number;
  eventsPerSecond: number;
}

export interface RebuildReport {
  projection: string;
  version: number;
  events: number;
  durationMs: number;
  eventsPerSecond: number;
  position: bigint;
  documents: number;
  /** How many documents differ between the rebuilt and the live model... */
  differenceCount: number;
  /** ...and the first 20 of them. */
  differences: ModelDifference[];
  /** Whether the live model could be compared (it had applied every event the rebuilt one had). */
  verified: boolean;
  swapped: boolean;
}

export interface RebuildOptions {
  store: EventStore;
  readStore: ReadStore;
  projection: Projection;
  /** The runner feeding the live model in this process, paused while the rebuilt copy is compared and swapped in. */
  liveRunner?: ProjectionRunner;
  onProgress?: (progress: RebuildProgress) => void;
  progressIntervalMs?: number;
  /** Swap even when the rebuilt model differs from the live one (the rebuilt one is the truth). */
  force?: boolean;
  leaderboards?: Leaderboards;
  /** Events per page for a projection that takes pages (`applyBatch`); 500 by default. */
  pageSize?: number;
}

const DEFAULT_PAGE_SIZE = 500;

export class RebuildMismatchError extends Error {
  constructor(readonly report: RebuildReport) {
    super(`rebuilt ${report.projection} differs from the live model in ${report.differenceCount} document(s)`);
  }
}

/**
 * Builds a projection from position 0 beside the live one, brings both to the same position,
 * verifies they are equal, then swaps the rebuilt copy in (and its checkpoint with it).
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildReport> {
  const { store, readStore, projection, liveRunner } = options;
  const sources: ProjectionSources = { store, leaderboards: options.leaderboards };
  const rebuilt = projectionModels(readStore, projection, 'rebuild');
  const live = projectionModels(readStore, projection, 'live');
  await dropRebuilt(readStore, projection, rebuilt, sources);

  await ensureIndexes(projection, rebuilt);
  const started = Date.now();
  const head = await store.headPosition();
  let events = 0;
  let position = -1n;
  let lastProgress = started;
  const pageSize = projection.applyBatch ? (options.pageSize ?? DEFAULT_PAGE_SIZE) : 1;
  const applyPage = async (page: RecordedEvent[]) => {
    await applyEvents(projection, page, rebuilt, sources);
    position = page[page.length - 1].position;
    events += page.length;
    if (options.onProgress && Date.now() - lastProgress >= (options.progressIntervalMs ?? 1000)) {
      lastProgress = Date.now();
      options.onProgress({ position, head, events, eventsPerSecond: rate(events, started) });
    }
  };
  const applyUpTo = async (target: bigint) => {
    let page: RecordedEvent[] = [];
    for await (const event of store.readAll({ after: position < 0n ? undefined : position, filter: { eventTypes: projection.eventTypes } })) {
      if (event.position > target) break;
      page.push(event);
      if (page.length >= pageSize) {
        await applyPage(page);
        page = [];
      }
    }
    if (page.length > 0) await applyPage(page);
    position = target;
  };

  await applyUpTo(head);
  await liveRunner?.waitFor(head);
  await liveRunner?.stop();
  try {
    const livePosition = await loadCheckpoint(live);
    if (livePosition > position) await applyUpTo(livePosition);
    await saveCheckpoint(rebuilt, position);
    const compared = await compare(readStore, projection);
    const external = (await projection.external?.compare(live, rebuilt, sources)) ?? [];
    const differences = [...compared.differences, ...external].slice(0, 20);
    const differenceCount = compared.differenceCount + external.length;
    const documents = compared.documents;
    // The live model can be compared when no event of the projection's types lies between its
    // checkpoint and the rebuilt position (a checkpoint only moves on events of those types).
    const verified = livePosition >= position || !(await anyEventBetween(store, projection, livePosition, position));
    const report: RebuildReport = {
      projection: projection.name,
      version: projection.version,
      events,
      durationMs: Date.now() - started,
      eventsPerSecond: rate(events, started),
      position,
      documents,
      differenceCount,
      differences,
      verified,
      swapped: false,
    };
    options.onProgress?.({ position, head, events, eventsPerSecond: report.eventsPerSecond });
    if (differenceCount > 0 && verified && !options.force) {
      await dropRebuilt(readStore, projection, rebuilt, sources);
      throw new RebuildMismatchError(report);
    }
    await projection.external?.swap(rebuilt, live, sources);
    for (const collection of [...projection.collections, CHECKPOINT_COLLECTION]) {
      await readStore.renameCollection(collectionName(projection, collection, 'rebuild'), collectionName(projection, collection, 'live'));
    }
    return { ...report, swapped: true };
  } finally {
    await liveRunner?.start();
  }
}

async function compare(readStore: ReadStore, projection: Projection) {
  let documents = 0;
  let differenceCount = 0;
  const differences: RebuildReport['differences'] = [];
  const differ = (difference: RebuildReport['differences'][number]) => {
    differenceCount++;
    if (differences.length < 20) differences.push(difference);
  };
  for (const collection of projection.collections) {
    const rebuilt = new Map<string, unknown>();
    for await (const [id, document] of readStore.collection<object>(collectionName(projection, collection, 'rebuild')).entries()) {
      rebuilt.set(id, document);
      documents++;
    }
    for await (const [id, document] of readStore.collection<object>(collectionName(projection, collection, 'live')).entries()) {
      const twin = rebuilt.get(id);
      rebuilt.delete(id);
      if (!isDeepStrictEqual(twin, document)) differ({ collection, id, live: document, rebuilt: twin });
    }
    for (const [id, document] of rebuilt) differ({ collection, id, live: undefined, rebuilt: document });
  }
  return { documents, differences, differenceCount };
}

async function dropRebuilt(readStore: ReadStore, projection: Projection, rebuilt: ProjectionModels, sources: ProjectionSources): Promise<void> {
  await projection.external?.drop(rebuilt, sources);
  for (const collection of [...projection.collections, CHECKPOINT_COLLECTION]) {
    await readStore.dropCollection(collectionName(projection, collection, 'rebuild'));
  }
}

async function anyEventBetween(store: EventStore, projection: Projection, after: bigint, upTo: bigint): Promise<boolean> {
  for await (const event of store.readAll({ after: after < 0n ? undefined : after, maxCount: 1, filter: { eventTypes: projection.eventTypes } })) {
    return event.position <= upTo;
  }
  return false;
}

function rate(events: number, startedAt: number): number {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(events / seconds) : events;
}
