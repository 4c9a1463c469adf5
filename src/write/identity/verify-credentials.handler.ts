import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { DomainError } from '../../core/domain-error';
import { VerifyCredentials } from './commands';
import { emailClaimDecider } from './email-claim.decider';
import { decoyHash, passwordMatches } from './password';
import { emailClaimStream, userStream } from './streams';
import { userDecider } from './user.decider';

const invalid = () => new DomainError('unauthorized', 'invalid_credentials', 'e-mail or password is wrong');

@QueryHandler(VerifyCredentials)
export class VerifyCredentialsHandler implements IQueryHandler<VerifyCredentials, { userId: string }> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ email, password }: VerifyCredentials): Promise<{ userId: string }> {
    const claim = await this.processor.load(emailClaimStream(email), emailClaimDecider);
    const user = claim.state.status === 'claimed' ? await this.processor.load(userStream(claim.state.userId), userDecider) : undefined;
    if (user?.state.status !== 'registered') {
      await passwordMatches(await decoyHash(), password);
      throw invalid();
    }
    if (!(await passwordMatches(user.state.passwordHash, password))) throw invalid();
    return { userId: user.state.userId };
  }
}
