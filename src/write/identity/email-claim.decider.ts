import { conflict } from '../../core/domain-error';
import type { Decider } from '../../core/decider';
import type { EmailClaimed } from './events';

export type EmailClaimState = { status: 'free' } | { status: 'claimed'; userId: string };

export type EmailClaimCommand = {
  type: 'ClaimEmail';
  email: string;
  userId: string;
  /**
   * Set when the current owner never finished registering (its user stream does not exist)
   * and the claim is old enough to be abandoned: then the address may be claimed again.
   */
  ownerAbandoned: boolean;
};

/** Decides on the write side, in its own stream, that an e-mail address belongs to one user. */
export const emailClaimDecider: Decider<EmailClaimCommand, EmailClaimState, EmailClaimed> = {
  initialState: { status: 'free' },

  decide(command, state) {
    const claim: EmailClaimed = { type: 'EmailClaimed', data: { email: command.email, user_id: command.userId } };
    if (state.status === 'free') return [claim];
    if (state.userId === command.userId) return [];
    if (command.ownerAbandoned) return [claim];
    throw conflict('email_taken', 'an account with this e-mail address already exists');
  },

  evolve(_state, event) {
    return { status: 'claimed', userId: event.data.user_id };
  },
};
