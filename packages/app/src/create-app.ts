import { OpenAPIHono } from '@hono/zod-openapi';
import { errorBodySchema } from '@yishi/contracts';
import { requestId } from 'hono/request-id';
import { Registry } from 'prom-client';
import { mountHealth, type ReadyCheck } from './health.ts';
import { createErrorHandler, notFoundHandler, validationHook } from './http-errors.ts';
import { createLogger, type Logger } from './logger.ts';
import { createHttpMetrics } from './metrics.ts';
import { observeRequests } from './observe.ts';
import type { AppEnv } from './types.ts';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /** Service name: OpenAPI title, `service` field of logs and label of metrics. */
  name: string;
  /** Service version, shown in the OpenAPI document. */
  version: string;
  /** Readiness check behind `/readyz`; ready when omitted. */
  ready?: ReadyCheck;
  /** JSON lines on stdout at `info` when omitted. */
  logger?: Logger;
  /** Registry behind `/metrics`; pass one to register the service's own metrics on it. */
  registry?: Registry;
  /** Collect the default Node process metrics (on by default). */
  defaultMetrics?: boolean;
  /**
   * Route patterns (`/v/:token/votes`) whose successful requests are logged at `debug` instead of
   * `info`: a hot path where a line per request says nothing the metrics do not. Refusals and
   * failures are logged as everywhere.
   */
  debugLogRoutes?: readonly string[];
}

/** Accepts an incoming `x-request-id` only if short and made of safe characters (no log injection). */
const requestIdMaxLength = 128;

/**
 * The Hono app every service starts from, with request ids, request logs, metrics, one error shape
 * for everything, `/healthz`, `/readyz`, `/metrics` and `/openapi.json`.
 *
 * Define routes with `createRoute` from `@hono/zod-openapi` so inputs are validated and documented by
 * the same zod schemas; mount resources with `app.route(path, router)` (see {@link createRouter}).
 *
 * @example
 * ```ts
 * const app = createApp({ name: 'ballots', version: '1.0.0', ready: () => db.ping(), logger });
 * app.route('/ballots', ballotsRouter(deps));
 * ```
 */
export function createApp(options: CreateAppOptions): OpenAPIHono<AppEnv> {
  const logger = options.logger ?? createLogger({ service: options.name });
  const metrics = createHttpMetrics(options.registry ?? new Registry(), {
    service: options.name,
    defaultMetrics: options.defaultMetrics,
  });
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId({ limitLength: requestIdMaxLength }));
  app.use(observeRequests(logger, metrics, new Set(options.debugLogRoutes)));
  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);

  mountHealth(app, logger, options.ready);
  app.get('/metrics', async (c) => {
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  // A clone made after @hono/zod-openapi has extended zod carries `.openapi()`, which the registry
  // needs; the contract's own instance may have been built before (import order).
  app.openAPIRegistry.register('ErrorBody', errorBodySchema.clone());
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: options.name, version: options.version },
  });
  return app;
}

/**
 * A router for one resource, to mount with `app.route()`. It validates with the same hook as the
 * app, so it can also be tested on its own. Register its routes before mounting it: mounting copies
 * the routes' OpenAPI definitions into the app.
 *
 * @example
 * ```ts
 * export function ballotsRouter(deps: Deps) {
 *   return createRouter().openapi(getBallot, async (c) => c.json(await deps.getBallot(c.req.valid('param')), 200));
 * }
 * ```
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
