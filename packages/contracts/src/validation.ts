import { AppError, type LocalizedMessage } from '@yishi/errors';
import { z } from 'zod';

/** One reason an input was refused; `details.issues` of a `validation_failed` error holds these. */
export const validationIssueSchema = z.object({
  /** Which part of the request held the value: `json`, `query`, `param`, `header`, `payload`… */
  location: z.string().optional(),
  /** Keys and indexes from the root of that part to the bad value; empty for the part itself. */
  path: z.array(z.union([z.string(), z.number()])),
  /** zod's issue code (`too_small`, `invalid_type`…), stable enough for a client to translate. */
  code: z.string(),
  message: z.string(),
});

export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/** Lists a ZodError's issues without the rejected values, which may be personal data. */
export function toValidationIssues(error: z.ZodError, location?: string): ValidationIssue[] {
  return error.issues.map((issue) => ({
    ...(location === undefined ? {} : { location }),
    path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * Turns a ZodError into a permanent `validation_failed` {@link AppError} whose `details.issues`
 * lists each issue's path and message.
 */
export function validationFailedFrom(
  error: z.ZodError,
  options: { location?: string; message?: LocalizedMessage } = {},
): AppError {
  return new AppError('validation_failed', {
    ...(options.message === undefined ? {} : { message: options.message }),
    details: { issues: toValidationIssues(error, options.location) },
    cause: error,
  });
}
