import { isAppError } from '@yishi/errors';

/** A log- and table-friendly account of an error, with a validation error's issues. */
export function errorMessage(err: unknown): string {
  if (isAppError(err)) {
    const details = err.details === undefined ? '' : ` ${JSON.stringify(err.details)}`;
    return `${err.code}: ${err.message}${details}`;
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
