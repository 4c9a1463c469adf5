import type { RecordedEvent } from '../core/event-store';
import type { ReadCollection, ReadStore } from '../core/read-store';

/** The read-model collections a projection writes, under the namespace the runner gives it. */
export interface ProjectionModels {
  collection<T extends object>(name: string): ReadCollection<T>;
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
  apply(event: RecordedEvent, models: ProjectionModels): Promise<void>;
}

export const CHECKPOINT_COLLECTION = 'checkpoint';

export type Namespace = 'live' | 'rebuild';

export function collectionName(projection: Pick<Projection, 'name' | 'version'>, collection: string, namespace: Namespace = 'live'): string {
  return `${projection.name}_v${projection.version}${namespace === 'rebuild' ? '_rebuild' : ''}__${collection}`;
}

export function projectionModels(readStore: ReadStore, projection: Pick<Projection, 'name' | 'version'>, namespace: Namespace = 'live'): ProjectionModels {
  return { collection: <T extends object>(name: string) => readStore.collection<T>(collectionName(projection, name, namespace)) };
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
