import type { DomainEvent } from '../../core/decider';
import type { ShoeOffer } from '../../core/commerce/types';
import type { SportType } from '../workouts/telemetry-point';

export const WEAR_THRESHOLDS = [75, 90, 100] as const;
export type WearThreshold = (typeof WEAR_THRESHOLDS)[number];

export type ShoeRegistered = DomainEvent<'ShoeRegistered', { shoe_id: string; owner_id: string; brand_name: string; model_name: string; lifespan_km: number }>;
/** The shoe carried the athlete through this workout: its distance counts towards wear. */
export type ShoeWorn = DomainEvent<'ShoeWorn', { shoe_id: string; workout_id: string; distance: number; total_distance: number }>;
/** The workout moved to another shoe or was discarded: its distance no longer counts. */
export type ShoeUnworn = DomainEvent<'ShoeUnworn', { shoe_id: string; workout_id: string; distance: number; total_distance: number }>;
/** Raised once per threshold in the shoe's life, whatever reassignments do to the distance later. */
export type ShoeWearThresholdReached = DomainEvent<
  'ShoeWearThresholdReached',
  { shoe_id: string; owner_id: string; threshold: WearThreshold; total_distance: number; lifespan_km: number; brand_name: string; model_name: string }
>;
export type ShoeRetired = DomainEvent<'ShoeRetired', { shoe_id: string; owner_id: string }>;
export type PromoOffered = DomainEvent<
  'PromoOffered',
  { shoe_id: string; owner_id: string; threshold: WearThreshold; region: string; offers: ShoeOffer[]; expires_at: string }
>;

export type ShoeEvent = ShoeRegistered | ShoeWorn | ShoeUnworn | ShoeWearThresholdReached | ShoeRetired | PromoOffered;

/** The athlete's default shoe per sport. */
export type DefaultShoeChosen = DomainEvent<'DefaultShoeChosen', { athlete_id: string; sport_type: SportType; shoe_id: string | null }>;

export const shoeStream = (shoeId: string) => `shoe-${shoeId}`;
export const gearSettingsStream = (athleteId: string) => `gearsettings-${athleteId}`;
