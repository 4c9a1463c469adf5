import { parseActivityFile } from '../../workouts/import';
import { GOOD_ACTIVITY_FIXTURES, readActivityFixture, type GoodActivityFixture } from '../../workouts/import/testing/fixtures';
import { computeWorkoutMetrics } from '../../workouts/metrics';
import type { SportType } from '../../workouts/telemetry-point';
import { assessWorkout } from './assess-workout';
import type { WorkoutAssessment } from './fraud-flag';

async function assessFixture(fixture: GoodActivityFixture, sport?: SportType): Promise<WorkoutAssessment> {
  const activity = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
  const judgedAs = sport ?? activity.sport_type;
  return assessWorkout({ points: activity.points, sport: judgedAs, metrics: computeWorkoutMetrics(activity.points, judgedAs) });
}

const byFile = (file: string): GoodActivityFixture => {
  const fixture = GOOD_ACTIVITY_FIXTURES.find((f) => f.file === file);
  if (fixture === undefined) throw new Error(`no fixture ${file}`);
  return fixture;
};

describe('anti-fraud on the real device files (test/fixtures/activities), each judged as its own sport', () => {
  it.each(GOOD_ACTIVITY_FIXTURES.map((f) => [f.file, f.expected.sport_type, f] as const))(
    '%s (%s) → no flags',
    async (_file, _sport, fixture) => {
      expect((await assessFixture(fixture)).flags).toEqual([]);
    },
  );

  it('covers every running file (the GPX runs and the FIT run) and every ride', () => {
    const sports = GOOD_ACTIVITY_FIXTURES.map((f) => f.expected.sport_type);
    expect(sports.filter((s) => s === 'Run').length).toBeGreaterThanOrEqual(7);
    expect(sports.filter((s) => s === 'Ride').length).toBeGreaterThanOrEqual(3);
  });

  it('a real road ride judged as a run is flagged for speed and cadence: the sport decides the limits', async () => {
    const result = await assessFixture(byFile('example.fit'), 'Run');
    expect(result.flags.map((f) => f.rule)).toEqual(['speed_above_sport_limit', 'cadence_of_another_sport']);
  });

  it('a re-import of the same file gives the same fingerprint, and different files differ', async () => {
    const fingerprints: string[] = [];
    for (const fixture of GOOD_ACTIVITY_FIXTURES) {
      const first = await assessFixture(fixture);
      const again = await assessFixture(fixture);
      expect(again.fingerprint).toBe(first.fingerprint);
      fingerprints.push(first.fingerprint);
    }
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('a re-import of a file someone else already submitted is a duplicate of their workout', async () => {
    const fixture = byFile('running-with-developer-data.fit');
    const { fingerprint } = await assessFixture(fixture);
    const activity = await parseActivityFile(readActivityFixture(fixture), fixture.contentType);
    const result = assessWorkout({
      points: activity.points,
      sport: 'Run',
      metrics: computeWorkoutMetrics(activity.points, 'Run'),
      knownFingerprints: [{ fingerprint, workoutId: 'w-7', athleteId: 'a-other' }],
    });
    expect(result.flags.map((f) => f.rule)).toEqual(['duplicate_track']);
    expect(result.flags[0].evidence.duplicate_of_workout_id).toBe('w-7');
  });
});
