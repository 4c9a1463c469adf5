import { computeWorkoutMetrics, EARTH_MEAN_RADIUS_M } from '../../../workouts/metrics';
import { seededRandom } from '../../../workouts/metrics/testing/seeded-random';
import { DEFAULT_ORIGIN, syntheticTrack, type SyntheticTrackOptions } from '../../../workouts/metrics/testing/synthetic-track';
import type { SportType, TelemetryPoint } from '../../../workouts/telemetry-point';
import { assessWorkout } from '../assess-workout';
import type { FraudRule, KnownFingerprint, WorkoutAssessment } from '../fraud-flag';

/** Tracks and helpers for the anti-fraud specs. */

export const METRES_PER_DEGREE = (EARTH_MEAN_RADIUS_M * Math.PI) / 180;

/** A realistic 10 km run: varying pace, three pauses, GPS noise and drift, one spike, hills, heart rate and cadence. */
export const CLEAN_RUN: SyntheticTrackOptions = {
  distance: 10_000,
  speed: (s) => 3.2 + 0.3 * Math.sin(s / 700),
  elevation: { hillHeight: 15, hillsPerLoop: 2, noiseSigma: 1 },
  pauses: [
    { atDistance: 0, durationS: 30 },
    { atDistance: 3300, durationS: 90 },
    { atDistance: 7100, durationS: 60 },
  ],
  gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
  spike: { atDistance: 5000, offsetM: 150 },
  heartRate: { resting: 90, working: 155, noiseSigma: 2 },
  cadence: 170,
};

/** A position `north` and `east` metres from `origin`. */
export function offset(origin: { lat: number; lon: number }, north: number, east: number): { lat: number; lon: number } {
  const lat = origin.lat + north / METRES_PER_DEGREE;
  return { lat, lon: origin.lon + east / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)) };
}

export const ORIGIN = DEFAULT_ORIGIN;

/** The points of a synthetic track. */
export const track = (options: SyntheticTrackOptions): TelemetryPoint[] => syntheticTrack(options).points;

/** Assesses points with their own metrics, as the challenge context will. */
export function assess(
  points: readonly TelemetryPoint[],
  sport: SportType = 'Run',
  knownFingerprints?: readonly KnownFingerprint[],
): WorkoutAssessment {
  return assessWorkout({ points, sport, metrics: computeWorkoutMetrics(points, sport), knownFingerprints });
}

export const rulesOf = (assessment: WorkoutAssessment): FraudRule[] => assessment.flags.map((f) => f.rule);

export function flagOf(assessment: WorkoutAssessment, rule: FraudRule) {
  const flag = assessment.flags.find((f) => f.rule === rule);
  if (flag === undefined) throw new Error(`no ${rule} flag; flags: ${JSON.stringify(assessment.flags, null, 2)}`);
  return flag;
}

/** The points shuffled (seeded) with every `every`-th point repeated. */
export function shuffledWithDuplicates(points: readonly TelemetryPoint[], seed: number, every = 7): TelemetryPoint[] {
  const copy = [...points, ...points.filter((_, i) => i % every === 0).map((p) => ({ ...p }))];
  const random = seededRandom(seed);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export const lastTime = (points: readonly TelemetryPoint[]): number => points[points.length - 1].t;
