import type { CommandProcessor } from '../core/decider';
import type { Job } from '../core/job-queue/types';
import type { Addressed } from '../projections/notifications/notifications-for';
import { userStream } from '../write/identity/streams';
import { userDecider } from '../write/identity/user.decider';
import { postJson } from './post-json';

const TIMEOUT_MS = 5000;

export class PushRejectedError extends Error {
  override readonly name = 'PushRejectedError';
}

/**
 * Delivers one push message to the recipient's webhook (looked up in the write model when the job
 * runs, so a changed endpoint is honoured). The job id goes along as `Idempotency-Key`: a message
 * retried after a timeout that did arrive is recognisable as the same one. A non-2xx answer
 * (redirects included) or a network failure throws, and the queue retries with backoff until
 * the job is dead.
 */
export function deliverPush(processor: CommandProcessor) {
  return async (job: Job<Addressed>): Promise<void> => {
    const { state } = await processor.load(userStream(job.payload.recipient_id), userDecider);
    if (state.status !== 'registered' || !state.pushEndpoint) return;
    const status = await postJson(
      state.pushEndpoint,
      JSON.stringify({ recipient_id: job.payload.recipient_id, ...job.payload.notification }),
      { 'idempotency-key': job.id, 'x-delivery-attempt': String(job.attempt) },
      TIMEOUT_MS,
    );
    if (status < 200 || status > 299) throw new PushRejectedError(`push endpoint answered ${status}`);
  };
}
