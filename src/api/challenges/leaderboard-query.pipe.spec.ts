import 'reflect-metadata';
import { ApiError } from '../http/error-body';
import { apiValidationPipe } from '../http/validation.pipe';
import { LeaderboardQueryDto } from './challenges.dto';
import { LeaderboardQueryPipe } from './leaderboard-query.pipe';

/** What the route did before the pipe: the API's validation pipe on the DTO, then the defaults. */
async function throughTheDto(query: object) {
  const dto = (await apiValidationPipe().transform(query, { type: 'query', metatype: LeaderboardQueryDto })) as LeaderboardQueryDto;
  return { limit: dto.limit ?? 20, aroundMe: dto.around_me ?? false };
}

/** The value, or the refusal as the client sees it. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      return { refused: { status: error.status, code: error.code, message: error.message, details: error.details } };
    },
  );

describe('the leaderboard query', () => {
  const pipe = new LeaderboardQueryPipe();

  it('reads plain queries directly', async () => {
    expect(await pipe.transform({})).toEqual({ limit: 20, aroundMe: false });
    expect(await pipe.transform({ around_me: 'true', limit: '10' })).toEqual({ limit: 10, aroundMe: true });
    expect(await pipe.transform({ around_me: '' })).toEqual({ limit: 20, aroundMe: true });
    expect(await pipe.transform({ around_me: 'false', limit: '100' })).toEqual({ limit: 100, aroundMe: false });
  });

  it('accepts and refuses every query exactly as the validation of its DTO does, with the same 400', async () => {
    const queries: object[] = [
      {},
      { limit: '1' },
      { limit: '100' },
      { limit: '101' },
      { limit: '0' },
      { limit: '-3' },
      { limit: '05' },
      { limit: '7.5' },
      { limit: 'ten' },
      { limit: '' },
      { limit: ['5', '6'] },
      { around_me: 'true' },
      { around_me: '' },
      { around_me: 'false' },
      { around_me: 'yes' },
      { around_me: 'TRUE' },
      { around_me: '1' },
      { around_me: 'true', limit: '2' },
      { page: '2' },
      { around_me: 'true', extra: 'x' },
    ];
    for (const query of queries) {
      const [ours, theirs] = await Promise.all([outcome(pipe.transform({ ...query })), outcome(throughTheDto({ ...query }))]);
      expect({ query, ...ours }).toEqual({ query, ...theirs });
    }
    expect(await outcome(pipe.transform({ limit: '101', page: '2' }))).toMatchObject({ refused: { status: 400, code: 'validation_failed' } });
  });
});
