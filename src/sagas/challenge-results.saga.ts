import type { CommandProcessor } from '../core/decider';
import { reactionContext } from '../core/decider';
import type { RecordedEvent } from '../core/event-store';
import type { ReadCollection } from '../core/read-store';
import type { Projection, ProjectionModels } from '../projections/projection';
import { assessWorkout, trackFingerprint } from '../write/challenges/anti-fraud';
import { challengeDefinition } from '../write/challenges/challenge-definitions';
import type { ChallengeJoined, ChallengeLeft, FlagRecord } from '../write/challenges/events';
import { participationStream } from '../write/challenges/events';
import { participationDecider } from '../write/challenges/participation.decider';
import type { WorkoutCompleted, WorkoutDiscarded, WorkoutVisibilityChanged } from '../write/workouts/events';
import { workoutStream } from '../write/workouts/events';
import { gatherTelemetry } from '../write/workouts/gather-telemetry';
import { normaliseTelemetry } from '../write/workouts/metrics';
import { workoutDecider } from '../write/workouts/workout.decider';

interface IdsDocument {
  ids: string[];
}

interface FingerprintDocument {
  workout_id: string;
  athlete_id: string;
}

const MEMBERSHIPS = 'memberships';
const FINGERPRINTS = 'fingerprints';
const RESULTS_BY_WORKOUT = 'results_by_workout';
const ACTOR = 'system:challenge-results';

/**
 * Turns finished workouts into challenge results: for each challenge the athlete takes part in,
 * the workout is judged by the anti-fraud rules and recorded in the participation stream (the
 * decider there decides whether it counts). A discarded workout, or one no longer public, is
 * withdrawn. Commands carry ids derived from challenge and workout, so re-processing an event
 * records nothing twice. Its own collections remember memberships, track fingerprints (for the
 * duplicate rule) and where results went.
 */
export function challengeResultsSaga(processor: CommandProcessor): Projection {
  return {
    name: 'challenge_results',
    version: 1,
    eventTypes: ['ChallengeJoined', 'ChallengeLeft', 'WorkoutCompleted', 'WorkoutDiscarded', 'WorkoutVisibilityChanged'],
    collections: [MEMBERSHIPS, FINGERPRINTS, RESULTS_BY_WORKOUT],

    async apply(recorded, models, { store }) {
      const event = recorded as RecordedEvent & (ChallengeJoined | ChallengeLeft | WorkoutCompleted | WorkoutDiscarded | WorkoutVisibilityChanged);
      const memberships = models.collection<IdsDocument>(MEMBERSHIPS);
      switch (event.type) {
        case 'ChallengeJoined':
        case 'ChallengeLeft': {
          const ids = new Set((await memberships.get(event.data.user_id))?.ids ?? []);
          if (event.type === 'ChallengeJoined') ids.add(event.data.challenge_id);
          else ids.delete(event.data.challenge_id);
          await memberships.put(event.data.user_id, { ids: [...ids] });
          return;
        }
        case 'WorkoutCompleted':
          return recordResults(processor, store, models, recorded, event.data);
        case 'WorkoutDiscarded':
          return withdraw(processor, models, recorded, event.data.workout_id, event.data.athlete_id, 'the workout was discarded');
        case 'WorkoutVisibilityChanged':
          if (event.data.visibility === 'everyone') return;
          return withdraw(processor, models, recorded, event.data.workout_id, event.data.athlete_id, 'the workout is no longer public');
      }
    },
  };
}

async function recordResults(
  processor: CommandProcessor,
  store: Parameters<typeof gatherTelemetry>[0],
  models: ProjectionModels,
  recorded: RecordedEvent,
  completed: WorkoutCompleted['data'],
): Promise<void> {
  const { points } = await gatherTelemetry(store, completed.workout_id);
  const fingerprints = models.collection<FingerprintDocument>(FINGERPRINTS);
  const fingerprint = trackFingerprint(normaliseTelemetry(points));
  const known = await fingerprints.get(fingerprint);
  if (!known) await fingerprints.put(fingerprint, { workout_id: completed.workout_id, athlete_id: completed.athlete_id });

  const challengeIds = (await models.collection<IdsDocument>(MEMBERSHIPS).get(completed.athlete_id))?.ids ?? [];
  if (challengeIds.length === 0) return;
  const workout = (await processor.load(workoutStream(completed.workout_id), workoutDecider)).state;
  if (workout.status === 'none') return;
  const assessment = assessWorkout({
    points,
    sport: completed.sport_type,
    metrics: completed.metrics,
    workoutId: completed.workout_id,
    knownFingerprints: known ? [{ fingerprint, workoutId: known.workout_id, athleteId: known.athlete_id }] : [],
  });
  const flags: FlagRecord[] = assessment.flags.map(({ rule, reason, evidence }) => ({ rule, reason, evidence }));
  const recordedIn: string[] = [];
  for (const challengeId of challengeIds) {
    const challenge = await challengeDefinition(processor, challengeId);
    if (!challenge) continue;
    const result = await processor.handle(
      participationStream(challengeId, completed.athlete_id),
      participationDecider,
      {
        type: 'RecordResult',
        challenge,
        flags,
        workout: {
          workoutId: completed.workout_id,
          athleteId: completed.athlete_id,
          sportType: completed.sport_type,
          startDate: completed.start_date,
          endDate: completed.end_date,
          visibility: workout.visibility,
          metrics: completed.metrics,
        },
      },
      reactionContext(recorded.metadata, ACTOR, new Date(), `result:${challengeId}:${completed.workout_id}`),
    );
    if (result.events.length > 0 || result.state.results.has(completed.workout_id)) recordedIn.push(challengeId);
  }
  if (recordedIn.length > 0) await models.collection<IdsDocument>(RESULTS_BY_WORKOUT).put(completed.workout_id, { ids: recordedIn });
}

async function withdraw(processor: CommandProcessor, models: ProjectionModels, recorded: RecordedEvent, workoutId: string, athleteId: string, why: string): Promise<void> {
  const results: ReadCollection<IdsDocument> = models.collection<IdsDocument>(RESULTS_BY_WORKOUT);
  for (const challengeId of (await results.get(workoutId))?.ids ?? []) {
    const challenge = await challengeDefinition(processor, challengeId);
    if (!challenge) continue;
    await processor.handle(
      participationStream(challengeId, athleteId),
      participationDecider,
      { type: 'WithdrawResult', challenge, userId: athleteId, workoutId, why },
      reactionContext(recorded.metadata, ACTOR, new Date(), `withdraw:${challengeId}:${workoutId}:${recorded.position}`),
    );
  }
}
