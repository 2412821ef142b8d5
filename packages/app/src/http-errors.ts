import '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { ErrorBody } from '@yishi/contracts';
import { errorBodySchema, validationFailedFrom } from '@yishi/contracts';

/** The error body for OpenAPI documents (see createApp on why it is a clone). */
const errorBodyDoc = errorBodySchema.clone();

import { AppError, type ErrorCode, toAppError } from '@yishi/errors';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pickLocale } from './locale.ts';
import type { Logger } from './logger.ts';
import type { AppEnv } from './types.ts';

/** The HTTP status of each error code; the only place codes meet HTTP. */
export const statusByCode: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  // The request is well-formed but the resource's state forbids it (ballot not open): a conflict
  // with current state, not a malformed input (422) nor an HTTP conditional header (412).
  precondition_failed: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(statusByCode) as [ErrorCode, number][]).find(
    ([, s]) => s === status,
  );
  if (match) return match[0];
  return status >= 500 ? 'internal' : 'validation_failed';
}

/** hono's own exceptions (malformed JSON, unsupported media type…) keep their status. */
function fromHttpException(exception: HTTPException): {
  error: AppError;
  status: ContentfulStatusCode;
} {
  const status = exception.status as ContentfulStatusCode;
  const code = codeForStatus(status);
  const details = status < 500 && exception.message ? { reason: exception.message } : undefined;
  return { error: new AppError(code, { details, cause: exception }), status };
}

/** Writes an error in the one shape `{ error: { code, message, details?, requestId } }`. */
export function errorResponse(
  c: Context<AppEnv>,
  error: AppError,
  status = statusByCode[error.code],
) {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.messageIn(pickLocale(c.req.header('accept-language'))),
      // Details of a server failure may hold anything; only client errors describe themselves.
      ...(error.details === undefined || status >= 500 ? {} : { details: error.details }),
      requestId: c.get('requestId'),
    },
  };
  if (error.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer');
  const retryAfter = error.details?.retryAfterSeconds;
  if (error.code === 'rate_limited' && typeof retryAfter === 'number') {
    c.header('Retry-After', String(Math.ceil(retryAfter)));
  }
  return c.json(body, status);
}

/** Maps anything thrown to the error shape; unknown errors become a generic 500 and are logged. */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (thrown, c) => {
    const { error, status } =
      thrown instanceof HTTPException
        ? fromHttpException(thrown)
        : { error: toAppError(thrown), status: undefined };
    if (error.code === 'internal') {
      logger.error({ requestId: c.get('requestId'), err: error.cause ?? error }, 'unhandled error');
    }
    return errorResponse(c, error, status);
  };
}

const notFoundMessage = { zh: '请求的地址不存在', en: 'No such endpoint' };

/** Contexts whose request matched no route; read by the metrics to avoid raw paths as labels. */
export const unmatched = new WeakSet<Context>();

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => {
  unmatched.add(c);
  return errorResponse(c, new AppError('not_found', { message: notFoundMessage }));
};

/**
 * The `defaultHook` of every app and router: a failed zod validation becomes a thrown
 * `validation_failed` that the error handler renders, so handlers never run on bad input.
 */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (!result.success) throw validationFailedFrom(result.error, { location: result.target });
  return undefined;
};

/**
 * OpenAPI response entries in the error shape, for a route's `responses`.
 *
 * @example
 * ```ts
 * createRoute({ method: 'post', path: '/', request, responses: { 201: created, ...errorResponses(400, 404) } })
 * ```
 */
export function errorResponses<const S extends ContentfulStatusCode>(...statuses: S[]) {
  const entry = {
    description: 'Error',
    content: { 'application/json': { schema: errorBodyDoc } },
  };
  return Object.fromEntries(statuses.map((status) => [status, entry])) as Record<S, typeof entry>;
}
