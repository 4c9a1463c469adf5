import type { CommandProcessor } from '../core/decider';
import type { Job } from '../core/job-queue/types';
import type { Addressed } from '../projections/notifications/notifications-for';
import { userStream } from '../write/identity/streams';
import { userDecider } from '../write/identity/user.decider';

const TIMEOUT_MS = 5000;

export class PushRejectedError extends Error {
  override readonly name = 'PushRejectedError';
}

/**
 * Delivers one push message to the recipient's webhook (looked up in the write model when the job
 * runs, so a changed endpoint is honoured). The job id goes along as `Idempotency-Key`: a message
 * retried after a timeout that did arrive is recognisable as the same one. A non-2xx answer or a
 * network failure throws, and the queue retries with backoff until the job is dead.
 */
export function deliverPush(processor: CommandProcessor) {
  return async (job: Job<Addressed>): Promise<void> => {
    const { state } = await processor.load(userStream(job.payload.recipient_id), userDecider);
    if (state.status !== 'registered' || !state.pushEndpoint) return;
    const response = await fetch(state.pushEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': job.id,
        'x-delivery-attempt': String(job.attempt),
      },
      body: JSON.stringify({ recipient_id: job.payload.recipient_id, ...job.payload.notification }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (!response.ok) throw new PushRejectedError(`push endpoint answered ${response.status}`);
  };
}
