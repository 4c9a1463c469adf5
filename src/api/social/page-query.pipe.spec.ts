import { ApiError } from '../http/error-body';
import { PageQueryPipe } from './page-query.pipe';

describe('PageQueryPipe', () => {
  const pipe = new PageQueryPipe();

  it('reads a plainly written query directly, with limit 20 by default', async () => {
    expect(await pipe.transform({})).toEqual({ limit: 20, cursor: undefined });
    expect(await pipe.transform({ limit: '1' })).toEqual({ limit: 1, cursor: undefined });
    expect(await pipe.transform({ limit: '100', cursor: 'abc' })).toEqual({ limit: 100, cursor: 'abc' });
    expect(await pipe.transform({ cursor: '' })).toEqual({ limit: 20, cursor: '' });
  });

  it('accepts what the validation pipe accepts that is not written plainly, with the same value', async () => {
    expect(await pipe.transform({ limit: '020' })).toEqual({ limit: 20, cursor: undefined });
    expect(await pipe.transform({ limit: '7.0' })).toEqual({ limit: 7, cursor: undefined });
  });

  it.each([
    [{ limit: '0' }, /limit/],
    [{ limit: '101' }, /limit/],
    [{ limit: 'ten' }, /limit/],
    [{ limit: '1.5' }, /limit/],
    [{ limit: ['1', '2'] }, /limit/],
    [{ cursor: ['a', 'b'] }, /cursor/],
    [{ page: '2' }, /page/],
  ])('refuses %j with the validation pipe 400', async (query, field) => {
    const refused = await pipe.transform(query).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((refused as ApiError).message).toMatch(field);
  });
});
