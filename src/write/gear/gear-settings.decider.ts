import type { Decider } from '../../core/decider';
import type { SportType } from '../workouts/telemetry-point';
import type { DefaultShoeChosen } from './events';

export interface GearSettingsState {
  defaults: ReadonlyMap<SportType, string>;
}

export type GearSettingsCommand = { type: 'ChooseDefaultShoe'; athleteId: string; sportType: SportType; shoeId: string | null };

/** The athlete's default shoe per sport: new workouts of that sport wear it unless told otherwise. */
export const gearSettingsDecider: Decider<GearSettingsCommand, GearSettingsState, DefaultShoeChosen> = {
  initialState: { defaults: new Map() },

  decide(command, state) {
    if ((state.defaults.get(command.sportType) ?? null) === command.shoeId) return [];
    return [{ type: 'DefaultShoeChosen', data: { athlete_id: command.athleteId, sport_type: command.sportType, shoe_id: command.shoeId } }];
  },

  evolve(state, event) {
    const defaults = new Map(state.defaults);
    if (event.data.shoe_id) defaults.set(event.data.sport_type, event.data.shoe_id);
    else defaults.delete(event.data.sport_type);
    return { defaults };
  },
};
