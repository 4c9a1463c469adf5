import type { EventStore, RecordedEvent } from '../core/event-store';
import type { Leaderboards } from '../core/leaderboard';
import type { ReadCollection, ReadStore } from '../core/read-store';

/** The read-model collections a projection writes, under the namespace the runner gives it. */
export interface ProjectionModels {
  /** Prefix of every name in this namespace, for read models kept outside the ReadStore (boards). */
  readonly namespace: string;
  collection<T extends object>(name: string): ReadCollection<T>;
}

/** What a projection may read besides its own models, and the stores outside the ReadStore it may write. */
export interface ProjectionSources {
  /** For reading an aggregate's own stream (e.g. a workout's telemetry). */
  store: EventStore;
  leaderboards?: Leaderboards;
}

export interface ModelDifference {
  collection: string;
  id: string;
  live: unknown;
  rebuilt: unknown;
}

/** Read models a projection keeps outside the ReadStore: rebuild compares, swaps and drops them too. */
export interface ExternalModels {
  compare(live: ProjectionModels, rebuilt: ProjectionModels, sources: ProjectionSources): Promise<ModelDifference[]>;
  swap(rebuilt: ProjectionModels, live: ProjectionModels, sources: ProjectionSources): Promise<void>;
  drop(models: ProjectionModels, sources: ProjectionSources): Promise<void>;
}

/**
 * A read model built from the event streams. `apply` must be idempotent for a re-delivered
 * event (guard by position, or write absolute values), because a crash can fall between a
 * write and the checkpoint that follows it.
 */
export interface Projection {
  name: string;
  /** Bump to build a new version beside the old one (blue/green). */
  version: number;
  eventTypes: readonly string[];
  /** Every collection `apply` writes: rebuild compares and swaps exactly these. */
  collections: readonly string[];
  /** Secondary indexes the projection's queries need; created before it catches up. */
  indexes?: ReadonlyArray<{ collection: string; field: string; orderBy: string }>;
  apply(event: RecordedEvent, models: ProjectionModels, sources: ProjectionSources): Promise<void>;
  /**
   * Optional: applies a page of events (in `$all` order) with the same effect as `apply` on each
   * in turn, in fewer writes (one read-model write per document, one batch per board). The runner
   * and the rebuild hand pages to a projection that has it, and checkpoint once per page. Idempotent
   * like `apply`: a crash can fall between its writes and the checkpoint, and the page (or part of
   * it, or a page cut differently) is then delivered again.
   */
  applyBatch?(events: readonly RecordedEvent[], models: ProjectionModels, sources: ProjectionSources): Promise<void>;
  external?: ExternalModels;
}

/** Applies events in order: as one page when the projection takes pages, else one at a time. */
export async function applyEvents(projection: Projection, events: readonly RecordedEvent[], models: ProjectionModels, sources: ProjectionSources): Promise<void> {
  if (events.length === 0) return;
  if (projection.applyBatch) {
    await projection.applyBatch(events, models, sources);
    return;
  }
  for (const event of events) await projection.apply(event, models, sources);
}

export const CHECKPOINT_COLLECTION = 'checkpoint';

export type Namespace = 'live' | 'rebuild';

export function collectionName(projection: Pick<Projection, 'name' | 'version'>, collection: string, namespace: Namespace = 'live'): string {
  return `${projection.name}_v${projection.version}${namespace === 'rebuild' ? '_rebuild' : ''}__${collection}`;
}

export function projectionModels(readStore: ReadStore, projection: Pick<Projection, 'name' | 'version'>, namespace: Namespace = 'live'): ProjectionModels {
  return {
    namespace: collectionName(projection, '', namespace),
    collection: <T extends object>(name: string) => readStore.collection<T>(collectionName(projection, name, namespace)),
  };
}

interface CheckpointDocument {
  position: string;
  updated_at: string;
}

/** The checkpoint lives beside the read model it describes, so they are swapped together. */
export async function loadCheckpoint(models: ProjectionModels): Promise<bigint> {
  const document = await models.collection<CheckpointDocument>(CHECKPOINT_COLLECTION).get('checkpoint');
  return document ? BigInt(document.position) : -1n;
}

export async function saveCheckpoint(models: ProjectionModels, position: bigint): Promise<void> {
  await models
    .collection<CheckpointDocument>(CHECKPOINT_COLLECTION)
    .put('checkpoint', { position: position.toString(), updated_at: new Date().toISOString() });
}

export async function ensureIndexes(projection: Projection, models: ProjectionModels): Promise<void> {
  for (const index of projection.indexes ?? []) {
    await models.collection(index.collection).ensureIndex({ field: index.field, orderBy: index.orderBy });
  }
}
