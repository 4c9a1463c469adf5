import { applyDecorators, Injectable, PipeTransform } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { PageQueryDto } from '../http/page-query.dto';
import { apiValidationPipe } from '../http/validation.pipe';

export interface PageQuery {
  limit: number;
  cursor: string | undefined;
}

const DEFAULT_LIMIT = 20;
/** 1 to 100, written plainly. */
const PLAIN_LIMIT = /^(?:[1-9][0-9]?|100)$/;

/**
 * `?limit&cursor` of the social pages read most (the home feed, the inbox). A plainly written
 * query (`limit` 1..100 in digits, `cursor` one string, nothing else) is read directly; anything
 * else goes through the API's validation pipe with `PageQueryDto`, so it is accepted or refused
 * exactly as before, with the same 400. The cursor itself is checked where it is decoded. The
 * class-transformer and class-validator round trip the direct path skips was about a twelfth of
 * a feed page's CPU.
 */
@Injectable()
export class PageQueryPipe implements PipeTransform<unknown, Promise<PageQuery>> {
  private readonly validation = apiValidationPipe();

  async transform(value: unknown): Promise<PageQuery> {
    const plain = readPlainly(value);
    if (plain) return plain;
    const checked = (await this.validation.transform(value, { type: 'query', metatype: PageQueryDto })) as PageQueryDto;
    return { limit: checked.limit ?? DEFAULT_LIMIT, cursor: checked.cursor };
  }
}

/** The OpenAPI description of the query PageQueryPipe reads (a pipe's interface type carries none). */
export function ApiPageQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'limit', required: false, type: 'integer', schema: { type: 'integer', minimum: 1, maximum: 100, default: DEFAULT_LIMIT } }),
    ApiQuery({ name: 'cursor', required: false, type: 'string', description: 'next_cursor of the previous page' }),
  );
}

function readPlainly(value: unknown): PageQuery | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  let limit = DEFAULT_LIMIT;
  let cursor: string | undefined;
  for (const [name, given] of Object.entries(value)) {
    if (typeof given !== 'string') return undefined;
    if (name === 'limit' && PLAIN_LIMIT.test(given)) limit = Number(given);
    else if (name === 'cursor') cursor = given;
    else return undefined;
  }
  return { limit, cursor };
}
