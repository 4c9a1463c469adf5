/**
 * Workout metrics engine: how long computeWorkoutMetrics takes on a 10,000-point workout.
 * Goal: a 10,000-point workout in under 50 ms (median of the measured runs, after warm-up).
 *
 * Each case is measured the same way: WARMUP_RUNS untimed runs, then RUNS timed runs; figures are the
 * median, p90 and fastest run in ms and points per second at the median. Besides the synthetic
 * 10,000-point run, the largest real activity file of test/fixtures/activities (by point count, as
 * parseActivityFile reads it) is measured too; it does not count for the goal. To add a workout, push one
 * more entry onto `cases`.
 */
import type { SportType, TelemetryPoint } from '../src/write/workouts/telemetry-point';
import { parseActivityFile } from '../src/write/workouts/import';
import { GOOD_ACTIVITY_FIXTURES, readActivityFixture } from '../src/write/workouts/import/testing/fixtures';
import { computeWorkoutMetrics } from '../src/write/workouts/metrics';
import { seededRandom } from '../src/write/workouts/metrics/testing/seeded-random';
import { syntheticTrack } from '../src/write/workouts/metrics/testing/synthetic-track';
import { percentile, report } from './lib/report';

const GOAL_POINTS = 10_000;
const GOAL_MS = 50;
const WARMUP_RUNS = 10;
const RUNS = 30;

interface BenchCase {
  name: string;
  points: readonly TelemetryPoint[];
  sport: SportType;
  /** Whether the case counts for the goal. */
  goal: boolean;
}

interface CaseFigures {
  name: string;
  points: number;
  sport: SportType;
  runs: number;
  median_ms: number;
  p90_ms: number;
  min_ms: number;
  points_per_second: number;
}

const round = (value: number, decimals: number): number => Math.round(value * 10 ** decimals) / 10 ** decimals;

function collectGarbage(): void {
  const { gc } = globalThis as { gc?: () => void };
  gc?.();
}

function measure({ name, points, sport }: BenchCase): CaseFigures {
  for (let i = 0; i < WARMUP_RUNS; i++) computeWorkoutMetrics(points, sport);
  collectGarbage();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    computeWorkoutMetrics(points, sport);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  return {
    name,
    points: points.length,
    sport,
    runs: RUNS,
    median_ms: round(median, 2),
    p90_ms: round(percentile(times, 90), 2),
    min_ms: round(times[0], 2),
    points_per_second: Math.round(points.length / (median / 1000)),
  };
}

/** A 10,000-point run (1 Hz, 3 m/s, about 30 km) with GPS and elevation noise, pauses, a spike and heart rate. */
function syntheticRun(): TelemetryPoint[] {
  const { points } = syntheticTrack({
    distance: 3 * (GOAL_POINTS - 1 - 240),
    speed: 3,
    elevation: { hillHeight: 15, hillsPerLoop: 2, noiseSigma: 1 },
    pauses: [
      { atDistance: 9000, durationS: 120 },
      { atDistance: 21000, durationS: 120 },
    ],
    gpsNoise: { sigma: 1.5, driftSigma: 2, driftCorrelationS: 120 },
    spike: { atDistance: 15000, offsetM: 150 },
    heartRate: { resting: 90, working: 155, noiseSigma: 2 },
    cadence: 170,
  });
  if (points.length !== GOAL_POINTS) throw new Error(`expected ${GOAL_POINTS} points, got ${points.length}`);
  return points;
}

/** The same points shuffled, plus 5 % exact duplicates: the engine then also pays for sorting. */
function shuffledWithDuplicates(points: readonly TelemetryPoint[]): TelemetryPoint[] {
  const random = seededRandom(42);
  const out = [...points, ...points.filter(() => random.uniform() < 0.05).map((p) => ({ ...p }))];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The real fixture with the most points, parsed as an upload would be. */
async function largestRealFixture(): Promise<BenchCase> {
  let largest: BenchCase | undefined;
  for (const fixture of GOOD_ACTIVITY_FIXTURES) {
    const activity = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
    if (largest === undefined || activity.points.length > largest.points.length) {
      largest = {
        name: `real file ${fixture.file} (${activity.sport_type}, ${activity.points.length.toLocaleString('en')} points)`,
        points: activity.points,
        sport: activity.sport_type,
        goal: false,
      };
    }
  }
  if (largest === undefined) throw new Error('no activity fixture found');
  return largest;
}

async function main(): Promise<void> {
  const run = syntheticRun();
  const cases: BenchCase[] = [
    { name: 'synthetic run, 10,000 points, time-ordered', points: run, sport: 'Run', goal: true },
    { name: 'synthetic run, 10,000 points shuffled + 5 % duplicates', points: shuffledWithDuplicates(run), sport: 'Run', goal: true },
    await largestRealFixture(),
  ];
  const results = cases.map((c) => ({ ...measure(c), goal: c.goal }));
  const goalCases = results.filter((r) => r.goal);
  const worstMedian = Math.max(...goalCases.map((r) => r.median_ms));
  report('metrics', {
    cases: results.map(({ goal, ...figures }) => ({ ...figures, counts_for_goal: goal })),
    goal: {
      description: `a ${GOAL_POINTS.toLocaleString('en')}-point workout in under ${GOAL_MS} ms (median)`,
      worst_median_ms: worstMedian,
      met: worstMedian < GOAL_MS,
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
