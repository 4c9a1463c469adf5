import { conflict, DomainError, forbidden, notFound, ruleViolated } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { Visibility } from '../identity/events';
import type { ParsedActivity } from './import';
import { computeWorkoutMetrics } from './metrics';
import { cleanPoint, pointsOutsideWindow, TELEMETRY_LIMITS } from './telemetry-rules';
import type { SportType, TelemetryPoint } from './telemetry-point';
import type { TelemetryRecorded, WorkoutCompleted, WorkoutEvent, WorkoutStarted } from './events';
import { RecordedSeqs } from './recorded-seqs';

export type WorkoutStatus = 'active' | 'completed' | 'discarded';

export type WorkoutState =
  | { status: 'none' }
  | {
      status: WorkoutStatus;
      workoutId: string;
      athleteId: string;
      sportType: SportType;
      startDate: string;
      visibility: Visibility;
      gearId?: string;
      /** The client's batch numbers recorded so far. */
      seqs: RecordedSeqs;
      completed?: WorkoutCompleted['data'];
    };

type Existing = Exclude<WorkoutState, { status: 'none' }>;

export type WorkoutCommand =
  | {
      type: 'StartWorkout';
      workoutId: string;
      athleteId: string;
      sportType: SportType;
      startDate: string;
      visibility: Visibility;
      gearId?: string;
      now: Date;
    }
  | { type: 'AppendTelemetry'; workoutId: string; athleteId: string; seq: number; points: readonly TelemetryPoint[]; now: Date }
  | {
      type: 'FinishWorkout';
      workoutId: string;
      athleteId: string;
      endDate?: string;
      /** Every point recorded, gathered from the stream by the handler... */
      points: readonly TelemetryPoint[];
      /** ...from this many batches: if more arrived meanwhile, the points are stale. */
      batchCount: number;
      maxHeartrate?: number;
      now: Date;
    }
  | { type: 'DiscardWorkout'; workoutId: string; athleteId: string }
  | { type: 'ChangeVisibility'; workoutId: string; athleteId: string; visibility: Visibility }
  | { type: 'AssignGear'; workoutId: string; athleteId: string; gearId: string }
  | { type: 'ImportWorkout'; workoutId: string; athleteId: string; activity: ParsedActivity; visibility: Visibility; gearId?: string; maxHeartrate?: number };

/** The telemetry gathered for FinishWorkout no longer covers every batch: gather again. */
export class StaleTelemetryError extends Error {
  override readonly name = 'StaleTelemetryError';
}

const IMPORT_BATCH_POINTS = TELEMETRY_LIMITS.maxPointsPerBatch;

export const workoutDecider: Decider<WorkoutCommand, WorkoutState, WorkoutEvent> = {
  initialState: { status: 'none' },

  decide(command, state) {
    switch (command.type) {
      case 'StartWorkout': {
        if (state.status !== 'none') return sameOwnerRetry(state, command.athleteId);
        if (Date.parse(command.startDate) > command.now.getTime() + TELEMETRY_LIMITS.futureToleranceMs) {
          throw new DomainError('invalid', 'validation_failed', 'start_date is in the future', [{ field: 'start_date', message: 'must not be in the future' }]);
        }
        const started: WorkoutStarted = {
          type: 'WorkoutStarted',
          data: {
            workout_id: command.workoutId,
            athlete_id: command.athleteId,
            sport_type: command.sportType,
            start_date: new Date(command.startDate).toISOString(),
            visibility: command.visibility,
            ...(command.gearId ? { gear_id: command.gearId } : {}),
          },
        };
        return [started];
      }

      case 'AppendTelemetry': {
        const workout = ownedBy(state, command.workoutId, command.athleteId);
        if (workout.seqs.has(command.seq)) return [];
        refuseUnlessActive(workout);
        const outside = pointsOutsideWindow(command.points, Date.parse(workout.startDate), command.now.getTime());
        if (outside.length > 0) throw new DomainError('invalid', 'validation_failed', outside[0].message, outside);
        return [{ type: 'TelemetryRecorded', data: { workout_id: workout.workoutId, seq: command.seq, points: command.points.map(cleanPoint) } }];
      }

      case 'FinishWorkout': {
        const workout = ownedBy(state, command.workoutId, command.athleteId);
        if (workout.status === 'completed') return [];
        refuseUnlessActive(workout);
        if (command.batchCount !== workout.seqs.size) throw new StaleTelemetryError('telemetry arrived while finishing');
        const lastPoint = command.points.reduce((latest, p) => Math.max(latest, p.t), Date.parse(workout.startDate));
        const endDate = command.endDate ?? new Date(lastPoint).toISOString();
        if (Date.parse(endDate) < Date.parse(workout.startDate)) {
          throw new DomainError('invalid', 'validation_failed', 'end_date is before start_date', [{ field: 'end_date', message: 'must not be before start_date' }]);
        }
        return [completion(workout, endDate, command.points, command.maxHeartrate)];
      }

      case 'DiscardWorkout': {
        const workout = ownedBy(state, command.workoutId, command.athleteId);
        if (workout.status === 'discarded') return [];
        return [{ type: 'WorkoutDiscarded', data: { workout_id: workout.workoutId, athlete_id: workout.athleteId, was: workout.status } }];
      }

      case 'ChangeVisibility': {
        const workout = ownedBy(state, command.workoutId, command.athleteId);
        if (workout.status === 'discarded') throw ruleViolated('workout_discarded', 'the workout was discarded');
        if (workout.visibility === command.visibility) return [];
        return [{ type: 'WorkoutVisibilityChanged', data: { workout_id: workout.workoutId, athlete_id: workout.athleteId, visibility: command.visibility } }];
      }

      case 'AssignGear': {
        const workout = ownedBy(state, command.workoutId, command.athleteId);
        if (workout.status === 'discarded') throw ruleViolated('workout_discarded', 'the workout was discarded');
        if (workout.gearId === command.gearId) return [];
        return [
          {
            type: 'WorkoutGearAssigned',
            data: { workout_id: workout.workoutId, athlete_id: workout.athleteId, gear_id: command.gearId, ...(workout.gearId ? { previous_gear_id: workout.gearId } : {}) },
          },
        ];
      }

      case 'ImportWorkout': {
        if (state.status !== 'none') return sameOwnerRetry(state, command.athleteId);
        const { activity } = command;
        const started: WorkoutStarted = {
          type: 'WorkoutStarted',
          data: {
            workout_id: command.workoutId,
            athlete_id: command.athleteId,
            sport_type: activity.sport_type,
            start_date: activity.start_date,
            visibility: command.visibility,
            ...(command.gearId ? { gear_id: command.gearId } : {}),
            ...(activity.name ? { name: activity.name } : {}),
          },
        };
        const batches: TelemetryRecorded[] = [];
        for (let i = 0; i < activity.points.length; i += IMPORT_BATCH_POINTS) {
          batches.push({
            type: 'TelemetryRecorded',
            data: { workout_id: command.workoutId, seq: batches.length, points: activity.points.slice(i, i + IMPORT_BATCH_POINTS).map(cleanPoint) },
          });
        }
        const workout = [started, ...batches].reduce(workoutDecider.evolve, state) as Existing;
        const end = new Date(activity.points[activity.points.length - 1]?.t ?? Date.parse(activity.start_date)).toISOString();
        return [started, ...batches, completion(workout, end, activity.points, command.maxHeartrate)];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WorkoutStarted':
        return {
          status: 'active',
          workoutId: event.data.workout_id,
          athleteId: event.data.athlete_id,
          sportType: event.data.sport_type,
          startDate: event.data.start_date,
          visibility: event.data.visibility,
          ...(event.data.gear_id ? { gearId: event.data.gear_id } : {}),
          seqs: RecordedSeqs.none,
        };
      case 'TelemetryRecorded':
        if (state.status === 'none') return state;
        return { ...state, seqs: state.seqs.with(event.data.seq) };
      case 'WorkoutCompleted':
        if (state.status === 'none') return state;
        return { ...state, status: 'completed', completed: event.data };
      case 'WorkoutDiscarded':
        if (state.status === 'none') return state;
        return { ...state, status: 'discarded' };
      case 'WorkoutVisibilityChanged':
        if (state.status === 'none') return state;
        return { ...state, visibility: event.data.visibility };
      case 'WorkoutGearAssigned':
        if (state.status === 'none') return state;
        return { ...state, gearId: event.data.gear_id };
    }
  },
};

function completion(workout: Existing, endDate: string, points: readonly TelemetryPoint[], maxHeartrate: number | undefined): WorkoutCompleted {
  const metrics = computeWorkoutMetrics(points, workout.sportType, maxHeartrate ? { maxHeartrate } : {});
  const distinctTimes = new Set(points.map((p) => p.t)).size;
  return {
    type: 'WorkoutCompleted',
    data: {
      workout_id: workout.workoutId,
      athlete_id: workout.athleteId,
      sport_type: workout.sportType,
      start_date: workout.startDate,
      end_date: endDate,
      point_count: distinctTimes,
      metrics,
    },
  };
}

function ownedBy(state: WorkoutState, workoutId: string, athleteId: string): Existing {
  if (state.status === 'none') throw notFound(`workout ${workoutId}`);
  if (state.athleteId !== athleteId) throw forbidden('only the athlete who recorded this workout may change it');
  return state;
}

function refuseUnlessActive(workout: Existing): void {
  if (workout.status === 'completed') throw ruleViolated('workout_finished', 'the workout is finished and takes no more telemetry');
  if (workout.status === 'discarded') throw ruleViolated('workout_discarded', 'the workout was discarded');
}

/** A start or import repeated by its owner (a client retry) changes nothing; anyone else's id clash conflicts. */
function sameOwnerRetry(state: Existing, athleteId: string): [] {
  if (state.athleteId === athleteId) return [];
  throw conflict('workout_exists', `workout ${state.workoutId} already exists`);
}
