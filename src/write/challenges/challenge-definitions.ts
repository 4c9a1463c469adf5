import type { CommandProcessor } from '../../core/decider';
import { challengeDecider } from './challenge.decider';
import { ChallengeCreated, challengeStream } from './events';

/** The challenge as its own stream defines it (cached by the processor: it never changes). */
export async function challengeDefinition(processor: CommandProcessor, challengeId: string): Promise<ChallengeCreated['data'] | undefined> {
  const { state } = await processor.load(challengeStream(challengeId), challengeDecider);
  return state.status === 'created' ? state.definition : undefined;
}
