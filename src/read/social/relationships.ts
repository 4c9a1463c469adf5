import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { FollowDocument, isFollowing } from '../../projections/followers';
import { projectionModels } from '../../projections/projection';
import { FOLLOWERS, socialGraphProjection } from '../../projections/social/social-graph.projection';

/** Who follows whom, from the social graph read model. */
@Injectable()
export class Relationships {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  follows(followerId: string, followeeId: string): Promise<boolean> {
    return isFollowing(projectionModels(this.readStore, socialGraphProjection).collection<FollowDocument>(FOLLOWERS), followerId, followeeId);
  }
}
