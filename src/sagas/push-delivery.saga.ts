import type { JobQueue } from '../core/job-queue/types';
import { Addressed, NotificationLookups, NOTIFYING_EVENT_TYPES, notificationsFor } from '../projections/notifications/notifications-for';
import type { Projection } from '../projections/projection';
import { PushEndpoints } from './push-endpoints';

export const PUSH_JOB = 'push';

/**
 * A push is news only while it is fresh: events recorded longer ago than this get none. Embedded,
 * the saga's checkpoint lives in memory and the log is replayed at every start; the job queue
 * dedupes ids for 7 days, so without this cut a restart would push again what is older than that.
 */
export const PUSH_FRESH_FOR_MS = 24 * 3600_000;

/** One job per notification and recipient; the id is derived from both, so re-processing an event enqueues nothing new. */
export const pushJobId = (addressed: Addressed) => `push-${addressed.notification.notification_id}-${addressed.recipient_id}`;

/**
 * Reacts to the events that notify someone by enqueueing a push job per recipient who has a push
 * endpoint now (read from the event store, see ./push-endpoints), all of an event's jobs in one
 * enqueue (one transaction, or one BullMQ addBulk per type). Checkpointed like a projection (it
 * has no read model, only its checkpoint); the delivery itself is the job's.
 */
export function pushDeliverySaga(jobs: JobQueue, lookups: NotificationLookups, maxAttempts?: number, now: () => number = Date.now): Projection {
  let endpoints: PushEndpoints | undefined;
  return {
    name: 'push_delivery',
    version: 1,
    eventTypes: NOTIFYING_EVENT_TYPES,
    collections: [],
    async apply(event, _models, { store }) {
      if (Date.parse(event.recordedAt) < now() - PUSH_FRESH_FOR_MS) return;
      const candidates = await notificationsFor(event, lookups);
      if (candidates.length === 0) return;
      // Only recipients who registered an endpoint get a job: a finished workout of an athlete
      // with 10,000 followers must not queue 10,000 jobs that have nowhere to go.
      if (endpoints?.store !== store) endpoints = new PushEndpoints(store);
      const reachable = await endpoints.reachable(candidates.map((a) => a.recipient_id));
      const addressed = candidates.filter((a) => reachable.has(a.recipient_id));
      if (addressed.length > 0) await jobs.enqueue(addressed.map((a) => ({ id: pushJobId(a), type: PUSH_JOB, payload: a, ...(maxAttempts ? { maxAttempts } : {}) })));
    },
  };
}
