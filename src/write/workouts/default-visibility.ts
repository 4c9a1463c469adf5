import type { CommandProcessor } from '../../core/decider';
import type { Visibility } from '../identity/events';
import { userStream } from '../identity/streams';
import { userDecider } from '../identity/user.decider';

/** The visibility the athlete chose for new workouts, read from the write model. */
export async function defaultVisibility(processor: CommandProcessor, athleteId: string): Promise<Visibility> {
  const { state } = await processor.load(userStream(athleteId), userDecider);
  return state.status === 'registered' ? state.defaultVisibility : 'everyone';
}
