import type { JobQueue } from '../core/job-queue/types';
import type { RecordedEvent } from '../core/event-store';
import type { Projection } from '../projections/projection';
import type { ShoeWearThresholdReached } from '../write/gear/events';

export const PROMO_JOB = 'promo';

export interface PromoJob {
  shoe_id: string;
  owner_id: string;
  threshold: ShoeWearThresholdReached['data']['threshold'];
  brand_name: string;
  model_name: string;
}

/**
 * On a wear threshold, enqueues one promo job for that shoe and threshold (the job id says which,
 * so re-processing enqueues nothing new). The job asks the store and records the offer; when the
 * store is down the job is retried later with backoff, and the shoe's decider records an offer
 * for a threshold at most once.
 */
export function shoePromosSaga(jobs: JobQueue, maxAttempts?: number): Projection {
  return {
    name: 'shoe_promos',
    version: 1,
    eventTypes: ['ShoeWearThresholdReached'],
    collections: [],
    async apply(recorded) {
      const { data } = recorded as RecordedEvent & ShoeWearThresholdReached;
      const payload: PromoJob = { shoe_id: data.shoe_id, owner_id: data.owner_id, threshold: data.threshold, brand_name: data.brand_name, model_name: data.model_name };
      await jobs.enqueue({ id: `promo-${data.shoe_id}-${data.threshold}`, type: PROMO_JOB, payload, ...(maxAttempts ? { maxAttempts } : {}) });
    },
  };
}
