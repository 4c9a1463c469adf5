import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { conflict, DomainError } from '../../core/domain-error';
import { collect, EventStore } from '../../core/event-store';
import { EVENT_STORE, SETTINGS } from '../../core/tokens';
import type { Settings } from '../../config/settings';
import { RegisterUser } from './commands';
import { emailClaimDecider } from './email-claim.decider';
import { emailClaimStream, normaliseEmail, userStream } from './streams';
import { userDecider } from './user.decider';
import { hashPassword, passwordMatches } from './password';

/** A claim whose owner never got a user stream for this long was abandoned by a crash. */
const ABANDONED_CLAIM_MS = 60_000;

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser, { userId: string; position?: bigint }> {
  constructor(
    private readonly processor: CommandProcessor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async execute({ input, context }: RegisterUser): Promise<{ userId: string; position?: bigint }> {
    const email = normaliseEmail(input.email);
    const passwordHash = await hashPassword(input.password);
    await this.claimEmail(email, input.userId, context);
    const registered = await this.processor.handle(
      userStream(input.userId),
      userDecider,
      {
        type: 'RegisterUser',
        userId: input.userId,
        email,
        displayName: input.displayName,
        passwordHash,
        isAdmin: this.settings.adminEmails.includes(email),
      },
      context,
    );
    if (registered.events.length === 0 && registered.state.status === 'registered') {
      // A repeated registration answers like the first one only to whoever knows the password.
      if (!(await passwordMatches(registered.state.passwordHash, input.password))) {
        throw conflict('user_exists', `user ${input.userId} already exists`);
      }
    }
    return { userId: input.userId, position: registered.position };
  }

  private async claimEmail(email: string, userId: string, context: RegisterUser['context']): Promise<void> {
    const stream = emailClaimStream(email);
    const claim = { type: 'ClaimEmail' as const, email, userId, ownerAbandoned: false };
    try {
      await this.processor.handle(stream, emailClaimDecider, claim, context);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'email_taken' || !(await this.claimAbandoned(stream, context.now))) {
        throw error;
      }
      await this.processor.handle(stream, emailClaimDecider, { ...claim, ownerAbandoned: true }, context);
    }
  }

  private async claimAbandoned(stream: string, now: Date): Promise<boolean> {
    const [last] = await collect(this.store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
    if (!last) return false;
    const owner = (last.data as { user_id: string }).user_id;
    const ownerEvents = await collect(this.store.readStream(userStream(owner), { maxCount: 1 }));
    return ownerEvents.length === 0 && now.getTime() - Date.parse(last.recordedAt) > ABANDONED_CLAIM_MS;
  }
}
