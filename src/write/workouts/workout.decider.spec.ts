import { given } from '../../core/decider/testing';
import { fold } from '../../core/decider';
import type { TelemetryRecorded, WorkoutEvent, WorkoutStarted } from './events';
import { computeWorkoutMetrics } from './metrics';
import { syntheticTrack, DEFAULT_START_TIME } from './metrics/testing/synthetic-track';
import { seededRandom } from './metrics/testing/seeded-random';
import { StaleTelemetryError, workoutDecider, WorkoutCommand } from './workout.decider';

const workoutId = '0b3a7c1e-5d2f-4e8a-9b6c-1d2e3f4a5b6c';
const ann = '7d0c8f4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const bob = '2f1e0d9c-8b7a-4654-a321-0fedcba98765';
const startDate = new Date(DEFAULT_START_TIME).toISOString();
const now = new Date(DEFAULT_START_TIME + 3 * 3600_000);

const started: WorkoutStarted = {
  type: 'WorkoutStarted',
  data: { workout_id: workoutId, athlete_id: ann, sport_type: 'Run', start_date: startDate, visibility: 'everyone' },
};
const point = (offsetS: number) => ({ t: DEFAULT_START_TIME + offsetS * 1000, lat: 52.5, lon: 13.35 + offsetS * 1e-5, ele: 34, hr: 140 });
const recorded = (seq: number, points = [point(seq)]): TelemetryRecorded => ({ type: 'TelemetryRecorded', data: { workout_id: workoutId, seq, points } });
const append = (seq: number, points = [point(seq)], athleteId = ann): WorkoutCommand => ({ type: 'AppendTelemetry', workoutId, athleteId, seq, points, now });
const finish = (points = [point(0)], batchCount = 1, athleteId = ann): WorkoutCommand => ({ type: 'FinishWorkout', workoutId, athleteId, points, batchCount, now });

describe('workout decider', () => {
  describe('StartWorkout', () => {
    const start = (athleteId = ann, date = startDate): WorkoutCommand => ({
      type: 'StartWorkout',
      workoutId,
      athleteId,
      sportType: 'Run',
      startDate: date,
      visibility: 'everyone',
      now,
    });

    it('given nothing, when an athlete starts a workout, then it is started', () => {
      given(workoutDecider, []).when(start()).then([started]);
    });

    it('given a started workout, when the same athlete retries the start, then nothing new happens', () => {
      given(workoutDecider, [started]).when(start()).then([]);
    });

    it('given a started workout, when someone else uses the same id, then it conflicts', () => {
      given(workoutDecider, [started]).when(start(bob)).thenFails('workout_exists', 'conflict');
    });

    it('given nothing, when the start date is in the future, then it is invalid', () => {
      given(workoutDecider, []).when(start(ann, new Date(now.getTime() + 3600_000).toISOString())).thenFails('validation_failed', 'invalid');
    });
  });

  describe('AppendTelemetry', () => {
    it('given an active workout, when a batch arrives, then it is recorded', () => {
      given(workoutDecider, [started]).when(append(0)).then([recorded(0)]);
    });

    it('given a recorded batch, when the same seq arrives again, then nothing new is recorded', () => {
      given(workoutDecider, [started, recorded(0)]).when(append(0)).then([]);
    });

    it('given an active workout, when batches arrive out of order, then each is recorded', () => {
      given(workoutDecider, [started, recorded(5)]).when(append(2)).then([recorded(2)]);
    });

    it('given no workout, when telemetry arrives, then the workout is not found', () => {
      given(workoutDecider, []).when(append(0)).thenFails('not_found', 'not_found');
    });

    it('given a workout of someone else, when telemetry arrives, then it is forbidden', () => {
      given(workoutDecider, [started]).when(append(0, [point(0)], bob)).thenFails('forbidden', 'forbidden');
    });

    it('given a finished workout, when telemetry arrives, then the rule is broken', () => {
      const completed = workoutDecider.decide(finish(), fold(workoutDecider, [started, recorded(0)]));
      given(workoutDecider, [started, recorded(0), ...completed]).when(append(1)).thenFails('workout_finished', 'rule_violated');
    });

    it('given a discarded workout, when telemetry arrives, then the rule is broken', () => {
      given(workoutDecider, [started, { type: 'WorkoutDiscarded', data: { workout_id: workoutId, athlete_id: ann, was: 'active' } }])
        .when(append(1))
        .thenFails('workout_discarded', 'rule_violated');
    });

    it('given an active workout, when a point lies days after the start, then the batch is invalid', () => {
      given(workoutDecider, [started]).when(append(0, [point(0), point(8 * 24 * 3600)])).thenFails('validation_failed', 'invalid');
    });
  });

  describe('FinishWorkout', () => {
    it('given an active workout with telemetry, when finished, then it completes with metrics of every point', () => {
      const points = [point(0), point(1), point(2)];
      given(workoutDecider, [started, recorded(0, points)])
        .when(finish(points))
        .then([
          {
            type: 'WorkoutCompleted',
            data: {
              workout_id: workoutId,
              athlete_id: ann,
              sport_type: 'Run',
              start_date: startDate,
              end_date: new Date(point(2).t).toISOString(),
              point_count: 3,
              metrics: computeWorkoutMetrics(points, 'Run'),
            },
          },
        ]);
    });

    it('given a completed workout, when finished again, then nothing new happens', () => {
      const completed = workoutDecider.decide(finish(), fold(workoutDecider, [started, recorded(0)]));
      given(workoutDecider, [started, recorded(0), ...completed]).when(finish()).then([]);
    });

    it('given a batch that arrived after the points were gathered, when finishing, then it asks to gather again', () => {
      expect(() => workoutDecider.decide(finish([point(0)], 1), fold(workoutDecider, [started, recorded(0), recorded(1)]))).toThrow(StaleTelemetryError);
    });

    it('given an active workout, when someone else finishes it, then it is forbidden', () => {
      given(workoutDecider, [started, recorded(0)]).when(finish([point(0)], 1, bob)).thenFails('forbidden', 'forbidden');
    });
  });

  describe('DiscardWorkout', () => {
    const discard: WorkoutCommand = { type: 'DiscardWorkout', workoutId, athleteId: ann };

    it('given an active workout, when discarded, then it is discarded', () => {
      given(workoutDecider, [started]).when(discard).then([{ type: 'WorkoutDiscarded', data: { workout_id: workoutId, athlete_id: ann, was: 'active' } }]);
    });

    it('given a discarded workout, when discarded again, then nothing new happens', () => {
      given(workoutDecider, [started, { type: 'WorkoutDiscarded', data: { workout_id: workoutId, athlete_id: ann, was: 'active' } }]).when(discard).then([]);
    });
  });

  describe('offline-safe ingestion', () => {
    it('given the same telemetry shuffled and with repeated batches, when finished, then the completion is identical', () => {
      const { points } = syntheticTrack({ distance: 6000, gpsNoise: { sigma: 2 }, pauses: [{ atDistance: 2500, durationS: 90 }], heartRate: { resting: 70, working: 150 } });
      const batches = Array.from({ length: Math.ceil(points.length / 10) }, (_, seq) => ({ seq, points: points.slice(seq * 10, seq * 10 + 10) }));
      const finishLater = new Date(DEFAULT_START_TIME + 6 * 3600_000);

      const complete = (order: typeof batches): WorkoutEvent[] => {
        let history: WorkoutEvent[] = [started];
        for (const batch of order) {
          history = [...history, ...workoutDecider.decide({ type: 'AppendTelemetry', workoutId, athleteId: ann, seq: batch.seq, points: batch.points, now: finishLater }, fold(workoutDecider, history))];
        }
        const gathered = history.flatMap((e) => (e.type === 'TelemetryRecorded' ? e.data.points : []));
        return workoutDecider.decide({ type: 'FinishWorkout', workoutId, athleteId: ann, points: gathered, batchCount: batches.length, now: finishLater }, fold(workoutDecider, history));
      };

      const random = seededRandom(7);
      const shuffled = [...batches, ...batches.filter(() => random.uniform() < 0.2)];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random.uniform() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      const inOrder = complete(batches);
      expect(inOrder).toHaveLength(1);
      expect(complete(shuffled)).toEqual(inOrder);
    });
  });

  describe('ChangeVisibility', () => {
    const change = (visibility: 'everyone' | 'followers' | 'only_me', athleteId = ann): WorkoutCommand => ({ type: 'ChangeVisibility', workoutId, athleteId, visibility });

    it('given a public workout, when the athlete makes it private, then its visibility changes', () => {
      given(workoutDecider, [started]).when(change('only_me')).then([{ type: 'WorkoutVisibilityChanged', data: { workout_id: workoutId, athlete_id: ann, visibility: 'only_me' } }]);
    });

    it('given a public workout, when it is set public again, then nothing new happens', () => {
      given(workoutDecider, [started]).when(change('everyone')).then([]);
    });

    it('given a workout, when someone else changes its visibility, then it is forbidden', () => {
      given(workoutDecider, [started]).when(change('only_me', bob)).thenFails('forbidden', 'forbidden');
    });
  });
});
