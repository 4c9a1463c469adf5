import type { JobQueue } from '../core/job-queue/types';
import { Addressed, NotificationLookups, NOTIFYING_EVENT_TYPES, notificationsFor } from '../projections/notifications/notifications-for';
import type { Projection } from '../projections/projection';

export const PUSH_JOB = 'push';

/** One job per notification and recipient; the id is derived from both, so re-processing an event enqueues nothing new. */
export const pushJobId = (addressed: Addressed) => `push-${addressed.notification.notification_id}-${addressed.recipient_id}`;

/**
 * Reacts to the events that notify someone by enqueueing a push job per recipient. Checkpointed
 * like a projection (it has no read model, only its checkpoint); the delivery itself is the job's.
 */
export function pushDeliverySaga(jobs: JobQueue, lookups: NotificationLookups, hasPushEndpoint: (userId: string) => Promise<boolean>, maxAttempts?: number): Projection {
  return {
    name: 'push_delivery',
    version: 1,
    eventTypes: NOTIFYING_EVENT_TYPES,
    collections: [],
    async apply(event) {
      const candidates = await notificationsFor(event, lookups);
      // Only recipients who registered an endpoint get a job: a finished workout of an athlete
      // with 10,000 followers must not queue 10,000 jobs that have nowhere to go.
      const reachable = await Promise.all(candidates.map((a) => hasPushEndpoint(a.recipient_id)));
      const addressed = candidates.filter((_, i) => reachable[i]);
      if (addressed.length > 0) await jobs.enqueue(addressed.map((a) => ({ id: pushJobId(a), type: PUSH_JOB, payload: a, ...(maxAttempts ? { maxAttempts } : {}) })));
    },
  };
}
