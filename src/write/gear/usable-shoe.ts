import type { CommandProcessor } from '../../core/decider';
import { forbidden, notFound, ruleViolated } from '../../core/domain-error';
import type { SportType } from '../workouts/telemetry-point';
import { gearSettingsStream, shoeStream } from './events';
import { gearSettingsDecider } from './gear-settings.decider';
import { shoeDecider } from './shoe.decider';

/** Only the owner may use a shoe, and a retired shoe is worn no more. Read from the write model. */
export async function assertUsableShoe(processor: CommandProcessor, shoeId: string, athleteId: string): Promise<void> {
  const { state } = await processor.load(shoeStream(shoeId), shoeDecider);
  if (state.status === 'none') throw notFound(`shoe ${shoeId}`);
  if (state.ownerId !== athleteId) throw forbidden('only the owner may use this shoe');
  if (state.status === 'retired') throw ruleViolated('shoe_retired', 'this shoe is retired');
}

/** The athlete's default shoe for the sport, if they chose one and it is still in use. */
export async function defaultShoe(processor: CommandProcessor, athleteId: string, sportType: SportType): Promise<string | undefined> {
  const shoeId = (await processor.load(gearSettingsStream(athleteId), gearSettingsDecider)).state.defaults.get(sportType);
  if (!shoeId) return undefined;
  const { state } = await processor.load(shoeStream(shoeId), shoeDecider);
  return state.status === 'active' ? shoeId : undefined;
}
