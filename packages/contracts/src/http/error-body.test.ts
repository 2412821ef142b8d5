import { describe, expect, it } from 'vitest';
import { errorBodySchema } from './error-body.ts';

describe('errorBodySchema', () => {
  it('accepts the documented shape', () => {
    const body = {
      error: { code: 'not_found', message: '找不到', details: { id: 'x' }, requestId: 'r1' },
    };
    expect(errorBodySchema.parse(body)).toEqual(body);
  });

  it('refuses a code outside the closed set and a missing requestId', () => {
    expect(
      errorBodySchema.safeParse({ error: { code: 'teapot', message: 'x', requestId: 'r' } })
        .success,
    ).toBe(false);
    expect(errorBodySchema.safeParse({ error: { code: 'internal', message: 'x' } }).success).toBe(
      false,
    );
  });
});
