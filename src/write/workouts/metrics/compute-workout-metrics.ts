import type { SportType, TelemetryPoint } from '../telemetry-point';
import { bestEfforts } from './best-efforts';
import { DEFAULT_MAX_HEARTRATE, MIN_CHORD_NOISE_MULTIPLE } from './constants';
import { cumulativeDistance } from './distance';
import { elevationGain, smoothedElevation } from './elevation';
import { averageHeartrate, heartrateSteps, robustMaxHeartrate } from './heartrate';
import { heartrateZones } from './heartrate-zones';
import { maxSpeed } from './max-speed';
import { classifyMovement } from './movement';
import { estimatePositionNoise } from './noise';
import { normaliseTelemetry } from './normalise-telemetry';
import { roundBpm, roundMetres, roundSeconds, roundSpeed } from './rounding';
import { fitPositions, smoothPositions } from './smoothed-positions';
import { SPORT_THRESHOLDS } from './sport-thresholds';
import { metricSplits } from './splits';
import { buildTrack } from './track';
import type { MetricsOptions, WorkoutMetrics } from './workout-metrics';

const roundOrNull = (value: number | null): number | null => (value === null ? null : roundBpm(value));

/**
 * Computes a workout's metrics from its telemetry (any order, duplicates allowed). Pure and deterministic:
 * the same set of points gives the same result whatever their order. Definitions, thresholds and rounding:
 * docs/metrics.md. O(n log n) for the sort, O(n) for the rest.
 *
 * @throws RangeError for an unknown sport or a max heart rate that is not a positive finite number.
 */
export function computeWorkoutMetrics(
  points: readonly TelemetryPoint[],
  sport: SportType,
  options: MetricsOptions = {},
): WorkoutMetrics {
  const thresholds = Object.hasOwn(SPORT_THRESHOLDS, sport) ? SPORT_THRESHOLDS[sport] : undefined;
  if (thresholds === undefined) throw new RangeError(`unknown sport type ${String(sport)}`);
  const maxHr = options.maxHeartrate ?? DEFAULT_MAX_HEARTRATE;
  if (!Number.isFinite(maxHr) || maxHr <= 0) throw new RangeError(`maxHeartrate must be a positive number, got ${maxHr}`);

  const track = buildTrack(normaliseTelemetry(points), thresholds.maxPlausibleSpeed);
  const { n, t } = track;
  const smoothed = smoothPositions(track, thresholds.movementSmoothingHalfWindowS);
  const moving = classifyMovement(track, smoothed, thresholds.movingSpeed, thresholds.movingWindowS);
  const fitted = fitPositions(track, thresholds.distanceSmoothingHalfWindowS);
  const minChord = MIN_CHORD_NOISE_MULTIPLE * estimatePositionNoise(track);
  const cumulative = cumulativeDistance(track, fitted, moving, minChord);
  const elevation = smoothedElevation(track, cumulative);
  const stepHr = heartrateSteps(track);

  const distance = n > 0 ? cumulative[n - 1] : 0;
  let movingTime = 0;
  for (let i = 1; i < n; i++) if (moving[i]) movingTime += t[i] - t[i - 1];

  return {
    distance: roundMetres(distance),
    elapsed_time: roundSeconds(n > 0 ? t[n - 1] : 0),
    moving_time: roundSeconds(movingTime),
    total_elevation_gain: roundMetres(elevation === null ? 0 : elevationGain(elevation)),
    average_speed: roundSpeed(movingTime > 0 ? distance / movingTime : 0),
    max_speed: roundSpeed(maxSpeed(track, cumulative, thresholds.maxPlausibleSpeed)),
    average_heartrate: roundOrNull(averageHeartrate(track, stepHr)),
    max_heartrate: roundOrNull(robustMaxHeartrate(track)),
    splits_metric: metricSplits(track, cumulative, moving, elevation, stepHr).map((split) => {
      const rounded = {
        ...split,
        distance: roundMetres(split.distance),
        elapsed_time: roundSeconds(split.elapsed_time),
        moving_time: roundSeconds(split.moving_time),
        elevation_difference: roundMetres(split.elevation_difference),
        average_speed: roundSpeed(split.average_speed),
      };
      if (split.average_heartrate !== undefined) rounded.average_heartrate = roundBpm(split.average_heartrate);
      return rounded;
    }),
    best_efforts: bestEfforts(track, cumulative, thresholds.maxPlausibleSpeed).map((effort) => ({
      ...effort,
      elapsed_time: roundSeconds(effort.elapsed_time),
    })),
    heartrate_zones: heartrateZones(track, stepHr, maxHr).map((zone) => ({ ...zone, time: roundSeconds(zone.time) })),
  };
}
