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
export function pushDeliverySaga(jobs: JobQueue, lookups: NotificationLookups, maxAttempts?: number): Projection {
  return {
    name: 'push_delivery',
    version: 1,
    eventTypes: NOTIFYING_EVENT_TYPES,
    collections: [],
    async apply(event) {
      const addressed = await notificationsFor(event, lookups);
      if (addressed.length > 0) await jobs.enqueue(addressed.map((a) => ({ id: pushJobId(a), type: PUSH_JOB, payload: a, ...(maxAttempts ? { maxAttempts } : {}) })));
    },
  };
}
