import type { CommandContext } from '../../core/decider';
import type { GrantableRole } from './events';
import type { ProfileChanges } from './user.decider';

export class RegisterUser {
  constructor(
    readonly input: { userId: string; email: string; password: string; displayName: string },
    readonly context: CommandContext,
  ) {}
}

export class UpdateProfile {
  constructor(
    readonly userId: string,
    readonly changes: ProfileChanges,
    readonly context: CommandContext,
  ) {}
}

export class ChangeRole {
  constructor(
    readonly change: 'grant' | 'revoke',
    readonly userId: string,
    readonly role: GrantableRole,
    readonly context: CommandContext,
  ) {}
}

/** Checks credentials against the write model (no lagging read model); answers the user id. */
export class VerifyCredentials {
  constructor(readonly email: string, readonly password: string) {}
}

export class SetPushEndpoint {
  constructor(
    readonly url: string | null,
    readonly context: CommandContext,
  ) {}
}
