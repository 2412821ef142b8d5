import { describe, expect, it } from 'vitest';
import { alreadyExists, notFound, rateLimited, validationFailed } from './helpers.ts';

describe('error helpers', () => {
  it('build an error with the helper code and a custom message', () => {
    const error = notFound({ zh: '投票不存在', en: 'Ballot not found' }, { details: { id: 'b1' } });
    expect(error.code).toBe('not_found');
    expect(error.messages.zh).toBe('投票不存在');
    expect(error.details).toEqual({ id: 'b1' });
  });

  it('fall back to the default message when none is given', () => {
    expect(alreadyExists().messages.en).toBe('This already exists');
    expect(rateLimited().code).toBe('rate_limited');
  });

  it('carry details without a custom message', () => {
    const error = validationFailed(undefined, { details: { issues: [] } });
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ issues: [] });
  });
});
