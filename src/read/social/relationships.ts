import { Inject, Injectable } from '@nestjs/common';
import type { ReadStore } from '../../core/read-store';
import { READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { FOLLOWING, RelationsDocument, socialGraphProjection } from '../../projections/social/social-graph.projection';

/** Who follows whom, from the social graph read model. */
@Injectable()
export class Relationships {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async follows(followerId: string, followeeId: string): Promise<boolean> {
    const following = await projectionModels(this.readStore, socialGraphProjection).collection<RelationsDocument>(FOLLOWING).get(followerId);
    return following?.user_ids.includes(followeeId) ?? false;
  }
}
