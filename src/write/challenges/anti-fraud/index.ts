export { assessWorkout } from './assess-workout';
export {
  FRAUD_RULES,
  type AssessWorkoutInput,
  type EvidenceValue,
  type FraudFlag,
  type FraudRule,
  type KnownFingerprint,
  type WorkoutAssessment,
} from './fraud-flag';
export { EMPTY_TRACK_FINGERPRINT, FINGERPRINT_VERSION, trackFingerprint } from './track-fingerprint';
export { SPORT_FRAUD_LIMITS, sustainedSpeedLimit, type SportFraudLimits } from './thresholds';
