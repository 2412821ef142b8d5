import { validationFailed } from '@yishi/errors';
import { z } from 'zod';

/** Page size when the client names none, and the most a client may ask for. */
export const pageLimits = { default: 20, max: 100 } as const;

/**
 * Query of a paginated list: an opaque `cursor` from the previous page's `nextCursor` and a
 * `limit`. Keyset pagination by cursor, not offsets: pages stay stable while votes are inserted
 * and deep pages cost the same as the first.
 */
export const pageQuerySchema = z.object({
  cursor: z.string().min(1).max(512).optional(),
  limit: z.coerce.number().int().min(1).max(pageLimits.max).default(pageLimits.default),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

/**
 * The response schema of a paginated list of `item`; `nextCursor` is null on the last page.
 *
 * @example
 * ```ts
 * const ballotsPage = pageOf(ballotSchema); // { items: Ballot[], nextCursor: string | null }
 * ```
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A page of `T` as returned to clients. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Encodes a keyset position (e.g. `{ createdAt, id }` of the last row) as an opaque cursor. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor} and checks it against `schema`. A cursor that was
 * tampered with or comes from another list is the client's mistake: `validation_failed`.
 */
export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const result = schema.safeParse(decoded);
  if (result.success) return result.data;
  throw validationFailed(
    {
      zh: '分页参数无效，请从第一页重新开始',
      en: 'The page cursor is invalid; start from the first page',
    },
    {
      details: {
        issues: [
          {
            location: 'query',
            path: ['cursor'],
            code: 'invalid_cursor',
            message: 'invalid cursor',
          },
        ],
      },
    },
  );
}
