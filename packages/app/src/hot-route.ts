import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { validationFailedFrom } from '@yishi/contracts';
import type { Context, Handler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { AppEnv } from './types.ts';

/** A JSON media type with well-formed parameters, as @hono/zod-openapi's media-type gate takes it. */
const jsonContentType = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/**
 * A route on the hot path: documented in the OpenAPI document like every route (`route`), but
 * served by a plain handler that validates its own inputs with {@link valid} and
 * {@link validJson}, instead of `openapi()`'s chain of asynchronous middlewares (a media-type
 * gate, then one validator per input). On the vote path that chain took about a sixth of the
 * event loop's time per request (services/ballots/bench). Same schemas, same refusals.
 */
export function hotRoute<E extends AppEnv>(
  router: OpenAPIHono<E>,
  route: RouteConfig & { method: 'get' | 'post' | 'put' | 'patch' | 'delete' },
  handler: Handler<E>,
): void {
  router.openAPIRegistry.registerPath(route);
  router.on(route.method.toUpperCase(), route.path.replaceAll(/\/{(.+?)}/g, '/:$1'), handler);
}

/** `value` checked by `schema`, or a thrown `validation_failed` naming `location`'s issues. */
export function valid<S extends z.ZodType>(
  schema: S,
  value: unknown,
  location: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailedFrom(result.error, { location });
  return result.data;
}

/**
 * The request's JSON body checked by `schema`, refused as `openapi()` would: 415 for a body of
 * another media type or of none, 400 for malformed JSON, `validation_failed` for the schema (an
 * empty body without a media type is checked as `{}`).
 */
export async function validJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const contentType = c.req.header('content-type');
  if (!contentType) {
    if ((await c.req.text()).length > 0) throw unsupportedMediaType();
    return valid(schema, {}, 'json');
  }
  if (!jsonContentType.test(contentType)) throw unsupportedMediaType();
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HTTPException(400, { message: 'Malformed JSON in request body' });
  }
  return valid(schema, body, 'json');
}

const unsupportedMediaType = () => new HTTPException(415, { message: 'Unsupported Media Type' });
