import { given } from '../../core/decider/testing';
import { emailClaimDecider } from './email-claim.decider';
import type { EmailClaimed } from './events';

const claimedByAnn: EmailClaimed = { type: 'EmailClaimed', data: { email: 'ann@example.com', user_id: 'ann' } };
const claim = (userId: string, ownerAbandoned = false) => ({ type: 'ClaimEmail' as const, email: 'ann@example.com', userId, ownerAbandoned });

describe('e-mail claim decider', () => {
  it('given a free address, when a user claims it, then it is theirs', () => {
    given(emailClaimDecider, []).when(claim('ann')).then([claimedByAnn]);
  });

  it('given an address claimed by a user, when the same user claims it again, then nothing new happens', () => {
    given(emailClaimDecider, [claimedByAnn]).when(claim('ann')).then([]);
  });

  it('given an address claimed by a user, when another user claims it, then it conflicts', () => {
    given(emailClaimDecider, [claimedByAnn]).when(claim('bob')).thenFails('email_taken', 'conflict');
  });

  it('given a claim whose owner never registered, when another user claims it, then it moves to them', () => {
    given(emailClaimDecider, [claimedByAnn])
      .when(claim('bob', true))
      .then([{ type: 'EmailClaimed', data: { email: 'ann@example.com', user_id: 'bob' } }]);
  });
});
