import { conflict, DomainError, forbidden, notFound, ruleViolated } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { ShoeOffer } from '../../core/commerce/types';
import { ShoeEvent, ShoeWearThresholdReached, WEAR_THRESHOLDS, WearThreshold } from './events';

export type ShoeState =
  | { status: 'none' }
  | {
      status: 'active' | 'retired';
      shoeId: string;
      ownerId: string;
      brandName: string;
      modelName: string;
      lifespanKm: number;
      /** Metres per workout worn. */
      workouts: ReadonlyMap<string, number>;
      totalDistance: number;
      thresholdsReached: ReadonlySet<WearThreshold>;
      promosOffered: ReadonlySet<WearThreshold>;
    };

type Shoe = Exclude<ShoeState, { status: 'none' }>;

export type ShoeCommand =
  | { type: 'RegisterShoe'; shoeId: string; ownerId: string; brandName: string; modelName: string; lifespanKm: number }
  | { type: 'RetireShoe'; shoeId: string; actorId: string }
  /** The saga moving wear: the workout's distance counts on this shoe (absolute: a repeat changes nothing). */
  | { type: 'WearForWorkout'; shoeId: string; workoutId: string; distance: number }
  | { type: 'UnwearForWorkout'; shoeId: string; workoutId: string }
  | { type: 'OfferPromo'; shoeId: string; threshold: WearThreshold; region: string; offers: ShoeOffer[]; expiresAt: string };

export const DEFAULT_LIFESPAN_KM = 800;

export const shoeDecider: Decider<ShoeCommand, ShoeState, ShoeEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'RegisterShoe': {
        if (state.status !== 'none') {
          if (state.ownerId === command.ownerId) return [];
          throw conflict('shoe_exists', `shoe ${command.shoeId} already exists`);
        }
        if (!(command.lifespanKm > 0 && command.lifespanKm <= 5000)) {
          throw new DomainError('invalid', 'validation_failed', 'lifespan_km must be from 1 to 5000', [{ field: 'lifespan_km', message: 'must be from 1 to 5000' }]);
        }
        return [
          {
            type: 'ShoeRegistered',
            data: { shoe_id: command.shoeId, owner_id: command.ownerId, brand_name: command.brandName, model_name: command.modelName, lifespan_km: command.lifespanKm },
          },
        ];
      }
      case 'RetireShoe': {
        const shoe = existing(state, command.shoeId);
        if (shoe.ownerId !== command.actorId) throw forbidden('only the owner may retire a shoe');
        return shoe.status === 'retired' ? [] : [{ type: 'ShoeRetired', data: { shoe_id: shoe.shoeId, owner_id: shoe.ownerId } }];
      }
      case 'WearForWorkout': {
        const shoe = existing(state, command.shoeId);
        const before = shoe.workouts.get(command.workoutId);
        if (before === command.distance) return [];
        const events: ShoeEvent[] = [];
        let total = shoe.totalDistance;
        if (before !== undefined) {
          total -= before;
          events.push({ type: 'ShoeUnworn', data: { shoe_id: shoe.shoeId, workout_id: command.workoutId, distance: before, total_distance: round(total) } });
        }
        total += command.distance;
        events.push({ type: 'ShoeWorn', data: { shoe_id: shoe.shoeId, workout_id: command.workoutId, distance: command.distance, total_distance: round(total) } });
        return [...events, ...newlyCrossed(shoe, total)];
      }
      case 'UnwearForWorkout': {
        const shoe = existing(state, command.shoeId);
        const distance = shoe.workouts.get(command.workoutId);
        if (distance === undefined) return [];
        return [{ type: 'ShoeUnworn', data: { shoe_id: shoe.shoeId, workout_id: command.workoutId, distance, total_distance: round(shoe.totalDistance - distance) } }];
      }
      case 'OfferPromo': {
        const shoe = existing(state, command.shoeId);
        if (!shoe.thresholdsReached.has(command.threshold)) throw ruleViolated('threshold_not_reached', `the shoe has not reached ${command.threshold} % wear`);
        if (shoe.promosOffered.has(command.threshold)) return [];
        return [
          {
            type: 'PromoOffered',
            data: { shoe_id: shoe.shoeId, owner_id: shoe.ownerId, threshold: command.threshold, region: command.region, offers: command.offers, expires_at: command.expiresAt },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'ShoeRegistered') {
      const { data } = event;
      return {
        status: 'active',
        shoeId: data.shoe_id,
        ownerId: data.owner_id,
        brandName: data.brand_name,
        modelName: data.model_name,
        lifespanKm: data.lifespan_km,
        workouts: new Map(),
        totalDistance: 0,
        thresholdsReached: new Set(),
        promosOffered: new Set(),
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'ShoeWorn':
        return { ...state, workouts: new Map(state.workouts).set(event.data.workout_id, event.data.distance), totalDistance: event.data.total_distance };
      case 'ShoeUnworn': {
        const workouts = new Map(state.workouts);
        workouts.delete(event.data.workout_id);
        return { ...state, workouts, totalDistance: event.data.total_distance };
      }
      case 'ShoeWearThresholdReached':
        return { ...state, thresholdsReached: new Set(state.thresholdsReached).add(event.data.threshold) };
      case 'ShoeRetired':
        return { ...state, status: 'retired' };
      case 'PromoOffered':
        return { ...state, promosOffered: new Set(state.promosOffered).add(event.data.threshold) };
    }
  },
};

/** Thresholds the new total crosses for the first time in the shoe's life. */
function newlyCrossed(shoe: Shoe, total: number): ShoeWearThresholdReached[] {
  const percent = (total / (shoe.lifespanKm * 1000)) * 100;
  return WEAR_THRESHOLDS.filter((threshold) => percent >= threshold && !shoe.thresholdsReached.has(threshold)).map((threshold) => ({
    type: 'ShoeWearThresholdReached' as const,
    data: {
      shoe_id: shoe.shoeId,
      owner_id: shoe.ownerId,
      threshold,
      total_distance: round(total),
      lifespan_km: shoe.lifespanKm,
      brand_name: shoe.brandName,
      model_name: shoe.modelName,
    },
  }));
}

function existing(state: ShoeState, shoeId: string): Shoe {
  if (state.status === 'none') throw notFound(`shoe ${shoeId}`);
  return state;
}

function round(metres: number): number {
  return Math.round(metres * 10) / 10;
}
