import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toValidationIssues, validationFailedFrom } from './validation.ts';

const schema = z.object({
  title: z.string().min(1),
  units: z.array(z.object({ area: z.number() })),
});

describe('toValidationIssues', () => {
  it('lists every issue with its path, code and message', () => {
    const result = schema.safeParse({ title: '', units: [{ area: 'big' }] });
    if (result.success) throw new Error('expected failure');
    const issues = toValidationIssues(result.error, 'json');
    expect(issues).toHaveLength(2);
    expect(issues).toContainEqual(
      expect.objectContaining({ location: 'json', path: ['title'], code: 'too_small' }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['units', 0, 'area'], code: 'invalid_type' }),
    );
  });

  it('does not carry the rejected value', () => {
    const result = z.object({ phone: z.string().length(11) }).safeParse({ phone: '1380013800' });
    if (result.success) throw new Error('expected failure');
    expect(JSON.stringify(toValidationIssues(result.error))).not.toContain('1380013800');
  });
});

describe('validationFailedFrom', () => {
  it('wraps the issues in a validation_failed AppError', () => {
    const result = schema.safeParse({});
    if (result.success) throw new Error('expected failure');
    const error = validationFailedFrom(result.error, { location: 'query' });
    expect(error.code).toBe('validation_failed');
    expect(error.details?.issues).toHaveLength(2);
  });
});
