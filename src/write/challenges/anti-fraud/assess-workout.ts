import { SPORT_THRESHOLDS } from '../../workouts/metrics';
import { cadenceOfAnotherSport } from './cadence-of-another-sport';
import { duplicateTrack } from './duplicate-track';
import type { AssessWorkoutInput, FraudFlag, WorkoutAssessment } from './fraud-flag';
import { gpsGapCoveringDistance } from './gps-gap-covering-distance';
import { impossibleAcceleration } from './impossible-acceleration';
import { implausibleHeartRate } from './implausible-heart-rate';
import { positionJump } from './position-jump';
import { prepareTrack } from './prepared-track';
import { speedAboveSportLimit } from './speed-above-sport-limit';
import { SPORT_FRAUD_LIMITS } from './thresholds';
import { fingerprintOfStream } from './track-fingerprint';

/**
 * Judges one workout for a challenge: which anti-fraud rules its track breaks (at most one flag per rule, its
 * strongest finding, in the order of `FRAUD_RULES`) and its fingerprint. Pure and deterministic: no I/O, no
 * clock; the same set of points gives the same result whatever their order. Each rule is judged with the
 * workout's own sport. O(n log n) for the sort of the points, O(n) for the rest. Rules and thresholds:
 * docs/anti-fraud.md.
 *
 * @throws RangeError for an unknown sport.
 */
export function assessWorkout(input: AssessWorkoutInput): WorkoutAssessment {
  const { sport, metrics } = input;
  if (!Object.hasOwn(SPORT_FRAUD_LIMITS, sport) || !Object.hasOwn(SPORT_THRESHOLDS, sport)) {
    throw new RangeError(`unknown sport type ${String(sport)}`);
  }
  const limits = SPORT_FRAUD_LIMITS[sport];
  const track = prepareTrack(input.points, sport);
  const fingerprint = fingerprintOfStream(track.stream);
  const flags = [
    speedAboveSportLimit(track, limits, metrics),
    impossibleAcceleration(track, limits),
    positionJump(track),
    gpsGapCoveringDistance(track, limits),
    implausibleHeartRate(track, limits),
    cadenceOfAnotherSport(track, limits),
    duplicateTrack(fingerprint, input.knownFingerprints ?? [], input.workoutId),
  ].filter((flag): flag is FraudFlag => flag !== null);
  return { flags, fingerprint };
}
