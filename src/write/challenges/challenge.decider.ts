import { conflict, DomainError, forbidden } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { Role } from '../identity/events';
import type { SportType } from '../workouts/telemetry-point';
import type { ChallengeCreated, ChallengeKind } from './events';

export type ChallengeState = { status: 'none' } | { status: 'created'; definition: ChallengeCreated['data'] };

export type ChallengeCommand = {
  type: 'CreateChallenge';
  challengeId: string;
  name: string;
  kind: ChallengeKind;
  sportType: SportType;
  startDate: string;
  endDate: string;
  organiserId: string;
  organiserRoles: readonly Role[];
};

export const challengeDecider: Decider<ChallengeCommand, ChallengeState, ChallengeCreated> = {
  initialState: { status: 'none' },

  decide(command, state) {
    if (!command.organiserRoles.includes('organiser') && !command.organiserRoles.includes('admin')) {
      throw forbidden('only organisers and admins create challenges');
    }
    if (state.status === 'created') {
      if (state.definition.organiser_id === command.organiserId) return [];
      throw conflict('challenge_exists', `challenge ${command.challengeId} already exists`);
    }
    const start = Date.parse(command.startDate);
    const end = Date.parse(command.endDate);
    if (!(end > start)) {
      throw new DomainError('invalid', 'validation_failed', 'end_date must be after start_date', [{ field: 'end_date', message: 'must be after start_date' }]);
    }
    return [
      {
        type: 'ChallengeCreated',
        data: {
          challenge_id: command.challengeId,
          name: command.name,
          kind: command.kind,
          sport_type: command.sportType,
          start_date: new Date(start).toISOString(),
          end_date: new Date(end).toISOString(),
          organiser_id: command.organiserId,
        },
      },
    ];
  },

  evolve(_state, event) {
    return { status: 'created', definition: event.data };
  },
};
