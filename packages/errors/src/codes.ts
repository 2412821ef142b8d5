/**
 * The closed set of error codes shared by every service. A code says what went wrong in terms of the
 * application, never in terms of a transport: `@yishi/app` maps codes to HTTP statuses and
 * `@yishi/bus` maps them to JetStream ack / nak / term.
 */
export const errorCodes = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'already_exists',
  'precondition_failed',
  'rate_limited',
  'unavailable',
  'internal',
] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/** A message a person can act on, in both languages end users may see. */
export interface LocalizedMessage {
  /** Simplified Chinese (zh-CN), the default language. */
  readonly zh: string;
  readonly en: string;
}

/** Narrows an unknown value to an {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/**
 * Whether retrying the same operation later may succeed.
 *
 * - `unavailable`, `rate_limited`: a dependency or quota recovers with time.
 * - `conflict`: a concurrent writer won a race (serialization failure, stale version); the retry
 *   reads fresh state. `already_exists` is the permanent kind of conflict.
 * - `internal`: unknown failures are treated as transient; the bus bounds retries with the
 *   consumer's max deliveries, after which the message is terminated and recorded.
 * - everything else describes the input or the caller and fails again identically.
 */
const retryableByCode: Readonly<Record<ErrorCode, boolean>> = {
  validation_failed: false,
  unauthenticated: false,
  forbidden: false,
  not_found: false,
  conflict: true,
  already_exists: false,
  precondition_failed: false,
  rate_limited: true,
  unavailable: true,
  internal: true,
};

/** Whether errors with this code are transient by default (see {@link AppError.retryable}). */
export function isRetryableCode(code: ErrorCode): boolean {
  return retryableByCode[code];
}

/** The message used when an error is raised without one. */
export const defaultMessages: Readonly<Record<ErrorCode, LocalizedMessage>> = {
  validation_failed: {
    zh: '输入有误，请检查后重试',
    en: 'The input is invalid; check it and retry',
  },
  unauthenticated: { zh: '请先登录', en: 'Sign in first' },
  forbidden: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  not_found: { zh: '找不到请求的内容', en: 'The requested item was not found' },
  conflict: {
    zh: '数据已被修改，请刷新后重试',
    en: 'The data changed meanwhile; reload and retry',
  },
  already_exists: { zh: '该记录已存在', en: 'This already exists' },
  precondition_failed: {
    zh: '当前状态不允许此操作',
    en: 'This is not possible in the current state',
  },
  rate_limited: { zh: '操作过于频繁，请稍后再试', en: 'Too many attempts; try again later' },
  unavailable: {
    zh: '服务暂时不可用，请稍后再试',
    en: 'The service is unavailable; try again later',
  },
  internal: { zh: '系统出现错误，请稍后再试', en: 'Something went wrong; try again later' },
};
