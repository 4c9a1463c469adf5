import { DomainError } from '../core/domain-error';

/** Opaque page cursors: the sort key of the last item shown, so pages are stable under inserts. */
export function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key.length === 0 || encodeCursor(key) !== cursor) {
    throw new DomainError('invalid', 'validation_failed', 'the cursor is not one this API gave out', [{ field: 'cursor', message: 'invalid cursor' }]);
  }
  return key;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** Turns `limit + 1` rows read into a page of `limit` and the cursor of the next one. */
export function toPage<TRow extends { sort_key: string }, TItem>(rows: readonly TRow[], limit: number, view: (row: TRow) => TItem): Page<TItem> {
  const shown = rows.slice(0, limit);
  return { items: shown.map(view), next_cursor: rows.length > limit ? encodeCursor(shown[shown.length - 1].sort_key) : null };
}
