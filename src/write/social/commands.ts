import type { CommandContext } from '../../core/decider';

export class ChangeFollowing {
  constructor(
    readonly change: 'follow' | 'unfollow',
    readonly followeeId: string,
    readonly context: CommandContext,
  ) {}
}
