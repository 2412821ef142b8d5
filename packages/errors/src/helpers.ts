import { AppError, type AppErrorOptions } from './app-error.ts';
import type { LocalizedMessage } from './codes.ts';

type HelperOptions = Omit<AppErrorOptions, 'message'>;

/** A helper per code: `notFound(message?, options?)` reads better than `new AppError('not_found', …)`. */
function helper(code: AppError['code']) {
  return (message?: LocalizedMessage, options: HelperOptions = {}): AppError =>
    new AppError(code, message === undefined ? options : { ...options, message });
}

/** The input is malformed or breaks a rule; `details` should say which field and why. */
export const validationFailed = helper('validation_failed');
/** No valid credential was presented. */
export const unauthenticated = helper('unauthenticated');
/** The caller is known but may not do this (wrong role, other community). */
export const forbidden = helper('forbidden');
/** The target does not exist or is not visible to the caller. */
export const notFound = helper('not_found');
/** A concurrent change won; retrying on fresh state may succeed. */
export const conflict = helper('conflict');
/** A unique thing already exists (a second ballot from the same owner). */
export const alreadyExists = helper('already_exists');
/** The target is in the wrong state for this action (the ballot is not open). */
export const preconditionFailed = helper('precondition_failed');
/** Too many attempts; try later. */
export const rateLimited = helper('rate_limited');
/** A dependency is down; try later. */
export const unavailable = helper('unavailable');
/** A bug or an unexpected failure; the message shown is generic. */
export const internal = helper('internal');
