import type { FraudFlag, KnownFingerprint } from './fraud-flag';
import { EMPTY_TRACK_FINGERPRINT } from './track-fingerprint';

/**
 * Rule 7: the same track was already submitted as another workout (by the same athlete or another one): its
 * fingerprint equals a known one. A known fingerprint of the assessed workout itself (`workoutId`) is not a
 * duplicate, and neither is a track without points. The first match is named; `matches` counts them all.
 */
export function duplicateTrack(
  fingerprint: string,
  known: readonly KnownFingerprint[],
  workoutId: string | undefined,
): FraudFlag | null {
  if (fingerprint === EMPTY_TRACK_FINGERPRINT) return null;
  const matches = known.filter((k) => k.fingerprint === fingerprint && (workoutId === undefined || k.workoutId !== workoutId));
  if (matches.length === 0) return null;
  const original = matches[0];
  const others = matches.length > 1 ? ` (and ${matches.length - 1} more)` : '';
  return {
    rule: 'duplicate_track',
    reason:
      `This track (the same positions at the same times) was already submitted as workout ${original.workoutId} ` +
      `by athlete ${original.athleteId}${others}.`,
    evidence: {
      measure: 'track fingerprint',
      measured: fingerprint,
      threshold: 'identical to a known fingerprint',
      unit: 'fingerprint',
      flagged_when: 'measured equals a known fingerprint of another workout',
      duplicate_of_workout_id: original.workoutId,
      duplicate_of_athlete_id: original.athleteId,
      matches: matches.length,
    },
  };
}
