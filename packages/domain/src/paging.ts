import { encodeCursor } from './common';

type CursorValue = string | number | boolean | null;

/**
 * One keyset page from `limit + 1` rows fetched in list order: the first `limit` rows, and a cursor
 * made of the last row's sort key when there are more (null on the last page).
 */
export function keysetPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => readonly CursorValue[],
  map: (row: R) => T,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}
