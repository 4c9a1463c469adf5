import { Injectable, PipeTransform } from '@nestjs/common';
import { apiValidationPipe } from '../http/validation.pipe';
import { LeaderboardQueryDto } from './challenges.dto';

export interface LeaderboardQuery {
  limit: number;
  aroundMe: boolean;
}

const DEFAULT_LIMIT = 20;
/** 1 to 100, written plainly. */
const PLAIN_LIMIT = /^(?:[1-9][0-9]?|100)$/;
const AROUND_ME: Readonly<Record<string, boolean>> = { '': true, true: true, false: false };

/**
 * The leaderboard's query string, for the hottest read of a live challenge. A plainly written
 * query (`limit` 1..100 in digits, `around_me` empty, `true` or `false`, nothing else) is read
 * directly; anything else goes through the API's validation pipe with `LeaderboardQueryDto`, so
 * it is accepted or refused exactly as before, with the same 400. The class-transformer and
 * class-validator round trip the direct path skips was a tenth of the route's CPU.
 */
@Injectable()
export class LeaderboardQueryPipe implements PipeTransform<unknown, Promise<LeaderboardQuery>> {
  private readonly validation = apiValidationPipe();

  async transform(value: unknown): Promise<LeaderboardQuery> {
    const plain = readPlainly(value);
    if (plain) return plain;
    const checked = (await this.validation.transform(value, { type: 'query', metatype: LeaderboardQueryDto })) as LeaderboardQueryDto;
    return { limit: checked.limit ?? DEFAULT_LIMIT, aroundMe: checked.around_me ?? false };
  }
}

function readPlainly(value: unknown): LeaderboardQuery | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  let limit = DEFAULT_LIMIT;
  let aroundMe = false;
  for (const [name, given] of Object.entries(value)) {
    if (typeof given !== 'string') return undefined;
    if (name === 'limit' && PLAIN_LIMIT.test(given)) limit = Number(given);
    else if (name === 'around_me' && Object.hasOwn(AROUND_ME, given)) aroundMe = AROUND_ME[given];
    else return undefined;
  }
  return { limit, aroundMe };
}
