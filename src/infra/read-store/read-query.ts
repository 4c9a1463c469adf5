/**
 * Argument checks shared by the read-store adapters, so that both refuse the same things: a query
 * the memory store would answer one way and MongoDB another (dotted paths, operators, `_id`,
 * non-string values smuggled past the types from untyped input) is an error in both.
 */

/** A plain top-level field name: not empty, no `.`, no leading `$`, no NUL, not `_id`. */
export function checkFieldName(name: unknown, role: string): string {
  if (typeof name !== 'string' || name === '' || name === '_id' || name.startsWith('$') || name.includes('.') || name.includes('\0')) {
    throw new TypeError(`Read store ${role} must be a plain top-level field name other than _id, got ${JSON.stringify(name)}`);
  }
  return name;
}

export function checkIndex(index: { field: unknown; orderBy: unknown }): { field: string; orderBy: string } {
  const field = checkFieldName(index.field, 'index field');
  const orderBy = checkFieldName(index.orderBy, 'index orderBy');
  if (field === orderBy) throw new TypeError(`Read store index field and orderBy must differ (both ${JSON.stringify(field)})`);
  return { field, orderBy };
}

/** The `where` clause as [field, value] pairs; at least one, every value a string. */
export function checkWhere(where: Readonly<Record<string, unknown>>): Array<[string, string]> {
  if (typeof where !== 'object' || where === null) throw new TypeError('Read store where must be an object');
  const pairs: Array<[string, string]> = [];
  for (const [field, value] of Object.entries(where)) {
    checkFieldName(field, 'where field');
    if (typeof value !== 'string') {
      throw new TypeError(`Read store where.${field} must be a string, got ${value === null ? 'null' : typeof value}`);
    }
    pairs.push([field, value]);
  }
  if (pairs.length === 0) throw new TypeError('Read store where needs at least one field (use dropCollection to empty a collection)');
  return pairs;
}

export interface CheckedListQuery {
  where: Array<[string, string]>;
  orderBy: string;
  before: string | undefined;
  limit: number;
}

export function checkListQuery(query: {
  where: Readonly<Record<string, unknown>>;
  orderBy: unknown;
  before?: unknown;
  limit: unknown;
}): CheckedListQuery {
  const where = checkWhere(query.where);
  const orderBy = checkFieldName(query.orderBy, 'list orderBy');
  const { before, limit } = query;
  if (before !== undefined && typeof before !== 'string') throw new TypeError('Read store list before must be a string when given');
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError(`Read store list limit must be a non-negative integer, got ${String(limit)}`);
  }
  return { where, orderBy, before, limit };
}
