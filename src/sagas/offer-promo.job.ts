import type { Commerce } from '../core/commerce/types';
import type { CommandProcessor } from '../core/decider';
import type { Job } from '../core/job-queue/types';
import { shoeStream } from '../write/gear/events';
import { shoeDecider } from '../write/gear/shoe.decider';
import { userStream } from '../write/identity/streams';
import { userDecider } from '../write/identity/user.decider';
import type { PromoJob } from './shoe-promos.saga';

export interface OfferPromoOptions {
  defaultRegion: string;
  validityDays: number;
}

/**
 * Asks the store for replacements in stock in the athlete's region and records the offer on the
 * shoe. Throws (and is retried later) when the store cannot answer. Nothing in stock: no offer,
 * and the job ends (there is nothing to retry for).
 */
export function offerPromo(processor: CommandProcessor, commerce: Commerce, options: OfferPromoOptions) {
  return async (job: Job<PromoJob>): Promise<void> => {
    const { shoe_id: shoeId, owner_id: ownerId, threshold } = job.payload;
    const shoe = (await processor.load(shoeStream(shoeId), shoeDecider)).state;
    if (shoe.status === 'none' || shoe.promosOffered.has(threshold)) return;
    const user = (await processor.load(userStream(ownerId), userDecider)).state;
    const region = (user.status === 'registered' ? user.region : undefined) ?? options.defaultRegion;
    const offers = await commerce.replacementsInStock({ region, brand: job.payload.brand_name, model: job.payload.model_name, limit: 3 });
    if (offers.length === 0) return;
    const expiresAt = new Date(Date.now() + options.validityDays * 86400_000).toISOString();
    await processor.handle(
      shoeStream(shoeId),
      shoeDecider,
      { type: 'OfferPromo', shoeId, threshold, region, offers, expiresAt },
      { commandId: `promo:${shoeId}:${threshold}`, actorId: 'system:shoe-promos', correlationId: job.id, causationId: job.id, now: new Date() },
    );
  };
}
