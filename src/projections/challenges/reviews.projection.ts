import type { RecordedEvent } from '../../core/event-store';
import type { FlagRecord, ParticipationEvent } from '../../write/challenges/events';
import type { Projection } from '../projection';

export interface ReviewDocument {
  challenge_id: string;
  user_id: string;
  workout_id: string;
  value: number;
  flags: FlagRecord[];
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decisions: Array<{ decision: 'approve' | 'reject'; reviewer_id: string; reason: string; decided_at: string }>;
  flagged_at: string;
  /** `<flagged_at>|<workout_id>`, for listing per challenge. */
  sort_key: string;
  position: string;
}

export const REVIEWS = 'reviews';

/** Flagged challenge results and every decision taken on them, for reviewers and auditors. */
export const reviewsProjection: Projection = {
  name: 'challenge_reviews',
  version: 1,
  eventTypes: ['ChallengeResultRecorded', 'ChallengeResultReviewed', 'ChallengeResultWithdrawn'],
  collections: [REVIEWS],
  indexes: [
    { collection: REVIEWS, field: 'challenge_id', orderBy: 'sort_key' },
    { collection: REVIEWS, field: 'status', orderBy: 'sort_key' },
  ],

  async apply(recorded, models) {
    const event = recorded as RecordedEvent & ParticipationEvent;
    if (event.type === 'ChallengeJoined' || event.type === 'ChallengeLeft') return;
    const reviews = models.collection<ReviewDocument>(REVIEWS);
    const id = `${event.data.challenge_id}|${event.data.workout_id}`;
    const current = await reviews.get(id);
    if (current && BigInt(current.position) >= recorded.position) return;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'ChallengeResultRecorded': {
        if (event.data.flags.length === 0) return;
        const at = recorded.metadata.occurredAt;
        const { challenge_id, user_id, workout_id, value, flags } = event.data;
        await reviews.put(id, { challenge_id, user_id, workout_id, value, flags, status: 'pending', decisions: [], flagged_at: at, sort_key: `${at}|${workout_id}`, position });
        return;
      }
      case 'ChallengeResultReviewed':
        if (!current) return;
        await reviews.put(id, {
          ...current,
          status: event.data.decision === 'approve' ? 'approved' : 'rejected',
          decisions: [...current.decisions, { decision: event.data.decision, reviewer_id: event.data.reviewer_id, reason: event.data.reason, decided_at: recorded.metadata.occurredAt }],
          position,
        });
        return;
      case 'ChallengeResultWithdrawn':
        if (!current) return;
        await reviews.put(id, { ...current, status: 'withdrawn', position });
        return;
    }
  },
};
