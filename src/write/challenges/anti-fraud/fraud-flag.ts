import type { SportType, TelemetryPoint } from '../../workouts/telemetry-point';
import type { WorkoutMetrics } from '../../workouts/metrics';

/** The anti-fraud rules, one file each (docs/anti-fraud.md explains every rule and threshold). */
export type FraudRule =
  | 'speed_above_sport_limit'
  | 'impossible_acceleration'
  | 'position_jump'
  | 'gps_gap_covering_distance'
  | 'implausible_heart_rate'
  | 'cadence_of_another_sport'
  | 'duplicate_track';

export const FRAUD_RULES: readonly FraudRule[] = [
  'speed_above_sport_limit',
  'impossible_acceleration',
  'position_jump',
  'gps_gap_covering_distance',
  'implausible_heart_rate',
  'cadence_of_another_sport',
  'duplicate_track',
];

export type EvidenceValue = number | string | boolean;

/**
 * Why a result is held for review. `evidence` always holds `measured` (the value found) and `threshold`
 * (the limit it broke), with `unit` and `flagged_when` (how they compare), and where it happened when that is a place in the track: `t` (epoch ms)
 * and `index` (into the normalised stream, as `best_efforts` indices), plus `elapsed_s` (seconds into the
 * workout) and, for a stretch, `end_t` / `end_index`.
 */
export interface FraudFlag {
  rule: FraudRule;
  /** One sentence a reviewer understands without reading code. */
  reason: string;
  evidence: Record<string, EvidenceValue>;
}

/** A fingerprint already stored for another workout. */
export interface KnownFingerprint {
  fingerprint: string;
  workoutId: string;
  athleteId: string;
}

export interface AssessWorkoutInput {
  points: readonly TelemetryPoint[];
  sport: SportType;
  /** The workout's metrics from `computeWorkoutMetrics(points, sport)`. */
  metrics: WorkoutMetrics;
  knownFingerprints?: readonly KnownFingerprint[];
  /** The assessed workout's own id, if it has one: a known fingerprint of this same workout is not a duplicate. */
  workoutId?: string;
}

export interface WorkoutAssessment {
  /** At most one flag per rule (its strongest finding), in the order of `FRAUD_RULES`. */
  flags: FraudFlag[];
  /** Stable hash of the track's shape and times (see `trackFingerprint`). */
  fingerprint: string;
}
