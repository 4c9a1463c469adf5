import type { CommandContext } from '../../core/decider';

export class ChangeFollowing {
  constructor(
    readonly change: 'follow' | 'unfollow',
    readonly followeeId: string,
    readonly context: CommandContext,
  ) {}
}

export class CreateGroup {
  constructor(
    readonly groupId: string,
    readonly name: string,
    readonly context: CommandContext,
  ) {}
}

export class ChangeMembership {
  constructor(
    readonly change: 'join' | 'leave',
    readonly groupId: string,
    readonly context: CommandContext,
  ) {}
}

export class GiveKudos {
  constructor(
    readonly workoutId: string,
    readonly context: CommandContext,
  ) {}
}

export class AddComment {
  constructor(
    readonly workoutId: string,
    readonly commentId: string,
    readonly text: string,
    readonly context: CommandContext,
  ) {}
}

export interface SocialCommandResult {
  position?: bigint;
}
