import type { ReplacementQuery } from '../../core/commerce/types';

/** Offers returned when the query names no limit (the port's default). */
export const DEFAULT_LIMIT = 3;
/** The largest limit either adapter accepts (the store API's maximum too). */
export const MAX_LIMIT = 20;
/** Longest brand or model name accepted. */
export const MAX_NAME_LENGTH = 100;

/** A query checked and completed: region upper-case alpha-2, brand and model trimmed, limit set. */
export type NormalisedQuery = Required<ReplacementQuery>;

/**
 * Checks a query the way the store API does (it answers 400 to the same mistakes), so both
 * adapters refuse the same queries with the same message. A RangeError is the caller's fault: it
 * is never a CommerceUnavailableError, and retrying it cannot help.
 */
export function normaliseQuery(query: ReplacementQuery): NormalisedQuery {
  const problems: string[] = [];
  if (typeof query.region !== 'string' || !/^[A-Z]{2}$/.test(query.region)) {
    problems.push(`region must be an upper-case ISO 3166-1 alpha-2 code (e.g. NL), got ${JSON.stringify(query.region)}`);
  }
  const name = (field: 'brand' | 'model'): string => {
    const value = query[field];
    const trimmed = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
    if (trimmed.length === 0 || trimmed.length > MAX_NAME_LENGTH) {
      problems.push(`${field} must be a non-empty name of at most ${MAX_NAME_LENGTH} characters, got ${JSON.stringify(value)}`);
    }
    return trimmed;
  };
  const brand = name('brand');
  const model = name('model');
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    problems.push(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(query.limit)}`);
  }
  if (problems.length > 0) throw new RangeError(`invalid replacement query: ${problems.join('; ')}`);
  return { region: query.region, brand, model, limit };
}
