import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeCursor, encodeCursor, pageOf, pageQuerySchema } from './pagination.ts';

describe('pageQuerySchema', () => {
  it('defaults the limit and coerces it from a query string', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(pageQuerySchema.parse({ limit: '50', cursor: 'abc' })).toEqual({
      limit: 50,
      cursor: 'abc',
    });
  });

  it('refuses a limit above the maximum or below 1', () => {
    expect(pageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });
});

describe('pageOf', () => {
  it('requires nextCursor to be present, null on the last page', () => {
    const page = pageOf(z.object({ id: z.string() }));
    expect(page.safeParse({ items: [{ id: 'a' }], nextCursor: null }).success).toBe(true);
    expect(page.safeParse({ items: [{ id: 'a' }] }).success).toBe(false);
  });
});

describe('cursors', () => {
  const position = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
  const value = { createdAt: '2025-03-01T08:00:00Z', id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' };

  it('round-trips a keyset position through an opaque, URL-safe string', () => {
    const cursor = encodeCursor(value);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, position)).toEqual(value);
  });

  it('refuses a tampered or foreign cursor as validation_failed', () => {
    expect(() => decodeCursor('not-base64-json', position)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => decodeCursor(encodeCursor({ page: 3 }), position)).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
