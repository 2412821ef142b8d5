import {
  defaultMessages,
  type ErrorCode,
  isErrorCode,
  isRetryableCode,
  type LocalizedMessage,
} from './codes.ts';

/** Structured, machine-readable facts about an error. Never put personal data here. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options shared by {@link AppError} and the helpers such as {@link notFound}. */
export interface AppErrorOptions {
  /** Shown to the person; defaults to the code's generic message. */
  readonly message?: LocalizedMessage;
  readonly details?: ErrorDetails;
  /** Overrides the code's default, e.g. a `precondition_failed` caused by out-of-order events. */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

/**
 * The one error type that crosses layers. It carries a closed {@link ErrorCode} and no transport
 * status; adapters map the code to HTTP or to JetStream acknowledgement.
 *
 * Messages: `messages` holds `{ zh, en }` for people; the inherited `Error.message` is the English
 * text so stack traces and logs read the same for every engineer and tool.
 *
 * @example
 * ```ts
 * throw new AppError('precondition_failed', {
 *   message: { zh: '投票尚未开始', en: 'The ballot is not open' },
 *   details: { ballotId },
 * });
 * ```
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly messages: LocalizedMessage;
  readonly details: ErrorDetails | undefined;
  /** Whether retrying later may succeed; the bus naks retryable errors and terminates the rest. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const messages = options.message ?? defaultMessages[code];
    super(messages.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.messages = messages;
    this.details = options.details;
    this.retryable = options.retryable ?? isRetryableCode(code);
  }

  /** The message in the requested language. */
  messageIn(locale: 'zh' | 'en'): string {
    return this.messages[locale];
  }
}

/**
 * Whether `error` is an {@link AppError}, optionally with the given code. Works across module copies
 * (a duplicated package in node_modules) by checking the shape, not only the prototype.
 */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  const matches =
    error instanceof AppError ||
    (error instanceof Error &&
      error.name === 'AppError' &&
      isErrorCode((error as { code?: unknown }).code) &&
      typeof (error as { messages?: unknown }).messages === 'object');
  return matches && (code === undefined || (error as AppError).code === code);
}

/**
 * Returns `error` if it is an {@link AppError}; otherwise wraps it as `internal` with the original
 * kept as `cause` (for logs) and a generic message (nothing of the original reaches a person).
 */
export function toAppError(error: unknown): AppError {
  return isAppError(error) ? error : new AppError('internal', { cause: error });
}

/**
 * Whether the failed operation may succeed if retried. Errors that are not {@link AppError}s count
 * as transient: they are usually infrastructure failures, and retries are bounded by the caller.
 */
export function isRetryable(error: unknown): boolean {
  return isAppError(error) ? error.retryable : true;
}
