import type { CommandProcessor } from '../../core/decider';
import { challengeDecider } from './challenge.decider';
import { ChallengeCreated, challengeStream } from './events';

export type ChallengeDefinition = Readonly<ChallengeCreated['data']>;

/** Challenges whose definitions one processor remembers; the least recently used goes first. */
const CACHED_DEFINITIONS = 10_000;

/**
 * Definitions already read, per processor (so per event store). A definition is final once
 * `ChallengeCreated` is stored: it is the only event of a challenge's stream, and the decider
 * appends nothing after it (creating it again is a no-op or a conflict). So an entry never goes
 * stale and needs no invalidation. An unknown challenge is not remembered: one created later, by
 * this instance or another, is found on the next call.
 */
const remembered = new WeakMap<CommandProcessor, Map<string, ChallengeDefinition>>();

/**
 * The challenge as its own stream defines it, or undefined if it was never created. Read from
 * the stream once, then from memory: every join, review, leaderboard read and result asks.
 */
export async function challengeDefinition(processor: CommandProcessor, challengeId: string): Promise<ChallengeDefinition | undefined> {
  const cache = cacheOf(processor);
  const known = cache.get(challengeId);
  if (known) {
    cache.delete(challengeId);
    cache.set(challengeId, known);
    return known;
  }
  const { state } = await processor.load(challengeStream(challengeId), challengeDecider);
  if (state.status !== 'created') return undefined;
  const definition: ChallengeDefinition = Object.freeze({ ...state.definition });
  cache.set(challengeId, definition);
  if (cache.size > CACHED_DEFINITIONS) cache.delete(cache.keys().next().value as string);
  return definition;
}

function cacheOf(processor: CommandProcessor): Map<string, ChallengeDefinition> {
  let cache = remembered.get(processor);
  if (!cache) remembered.set(processor, (cache = new Map()));
  return cache;
}
