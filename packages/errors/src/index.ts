export {
  AppError,
  type AppErrorOptions,
  type ErrorDetails,
  isAppError,
  isRetryable,
  toAppError,
} from './app-error.ts';
export {
  defaultMessages,
  type ErrorCode,
  errorCodes,
  isErrorCode,
  isRetryableCode,
  type LocalizedMessage,
} from './codes.ts';
export {
  alreadyExists,
  conflict,
  forbidden,
  internal,
  notFound,
  preconditionFailed,
  rateLimited,
  unauthenticated,
  unavailable,
  validationFailed,
} from './helpers.ts';
