/**
 * What-if experiment, loaded with `node --require` in front of the server by the challenges
 * benchmark when BENCH_WHATIF=1 (never in a normal run): `challengeDefinition()` remembers a
 * challenge once it is created.
 *
 * Every `GET /v1/challenges/{id}/leaderboard` (and every join) starts with
 * `challengeDefinition(processor, id)`, i.e. `CommandProcessor.load` of the challenge stream:
 * even when the processor has the folded state cached it reads the stream again after the cached
 * revision, and `SqliteEventStore.readStream` prepares its SQL anew on every call. A challenge's
 * definition never changes once ChallengeCreated is written (the decider refuses a second one),
 * so it can be cached for good. This preload measures that without touching src/ (the fix there:
 * a cache in challenge-definitions.ts, and/or readStream keeping its two prepared statements).
 */
import { join } from 'node:path';

/** The server's dist/src/write/challenges/challenge-definitions.js (its copy, see snapshotServer()). */
const MODULE = join(process.env.BENCH_SERVER_DIST ?? join(__dirname, '..', '..'), 'src', 'write', 'challenges', 'challenge-definitions.js');

type Definition = object | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const definitions = require(MODULE) as { challengeDefinition: (processor: object, challengeId: string) => Promise<Definition> };

const known = new WeakMap<object, Map<string, Definition>>();
const challengeDefinition = definitions.challengeDefinition;
definitions.challengeDefinition = async (processor, challengeId) => {
  let cache = known.get(processor);
  if (!cache) known.set(processor, (cache = new Map()));
  const hit = cache.get(challengeId);
  if (hit) return hit;
  const definition = await challengeDefinition(processor, challengeId);
  // Only a created challenge is final; "not found" may change.
  if (definition) cache.set(challengeId, definition);
  return definition;
};
