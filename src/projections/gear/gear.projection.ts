import type { RecordedEvent } from '../../core/event-store';
import type { ShoeOffer } from '../../core/commerce/types';
import type { ShoeEvent, WearThreshold } from '../../write/gear/events';
import type { Projection } from '../projection';

export interface ShoeDocument {
  shoe_id: string;
  owner_id: string;
  brand_name: string;
  model_name: string;
  lifespan_km: number;
  /** Metres. */
  distance: number;
  wear_percent: number;
  retired: boolean;
  workouts: Array<{ workout_id: string; distance: number }>;
  thresholds_reached: WearThreshold[];
  registered_at: string;
  sort_key: string;
  position: string;
}

export interface OfferDocument {
  owner_id: string;
  shoe_id: string;
  threshold: WearThreshold;
  region: string;
  offers: ShoeOffer[];
  offered_at: string;
  expires_at: string;
  sort_key: string;
}

export const SHOES = 'shoes';
export const OFFERS = 'offers';

/** Shoes with their wear, and the promos offered to their owners. */
export const gearProjection: Projection = {
  name: 'gear',
  version: 1,
  eventTypes: ['ShoeRegistered', 'ShoeWorn', 'ShoeUnworn', 'ShoeWearThresholdReached', 'ShoeRetired', 'PromoOffered'],
  collections: [SHOES, OFFERS],
  indexes: [
    { collection: SHOES, field: 'owner_id', orderBy: 'sort_key' },
    { collection: OFFERS, field: 'owner_id', orderBy: 'sort_key' },
  ],

  async apply(recorded, models) {
    const event = recorded as RecordedEvent & ShoeEvent;
    const shoes = models.collection<ShoeDocument>(SHOES);
    const current = await shoes.get(event.data.shoe_id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const position = recorded.position.toString();
    const at = recorded.metadata.occurredAt;
    switch (event.type) {
      case 'ShoeRegistered': {
        const { shoe_id, owner_id, brand_name, model_name, lifespan_km } = event.data;
        await shoes.put(shoe_id, {
          shoe_id,
          owner_id,
          brand_name,
          model_name,
          lifespan_km,
          distance: 0,
          wear_percent: 0,
          retired: false,
          workouts: [],
          thresholds_reached: [],
          registered_at: at,
          sort_key: `${at}|${shoe_id}`,
          position,
        });
        return;
      }
      case 'ShoeWorn':
      case 'ShoeUnworn': {
        if (!current) return;
        const others = current.workouts.filter((w) => w.workout_id !== event.data.workout_id);
        const workouts = event.type === 'ShoeWorn' ? [...others, { workout_id: event.data.workout_id, distance: event.data.distance }] : others;
        const distance = event.data.total_distance;
        await shoes.put(current.shoe_id, { ...current, workouts, distance, wear_percent: Math.round((distance / (current.lifespan_km * 10)) * 10) / 10, position });
        return;
      }
      case 'ShoeWearThresholdReached':
        if (!current) return;
        await shoes.put(current.shoe_id, { ...current, thresholds_reached: [...current.thresholds_reached, event.data.threshold], position });
        return;
      case 'ShoeRetired':
        if (!current) return;
        await shoes.put(current.shoe_id, { ...current, retired: true, position });
        return;
      case 'PromoOffered': {
        if (!current) return;
        const { shoe_id, owner_id, threshold, region, offers, expires_at } = event.data;
        await models.collection<OfferDocument>(OFFERS).put(`${shoe_id}|${threshold}`, { owner_id, shoe_id, threshold, region, offers, offered_at: at, expires_at, sort_key: `${at}|${shoe_id}|${threshold}` });
        await shoes.put(current.shoe_id, { ...current, position });
        return;
      }
    }
  },
};
