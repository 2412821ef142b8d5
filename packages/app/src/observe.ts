import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { unmatched } from './http-errors.ts';
import type { Logger } from './logger.ts';
import type { HttpMetrics } from './metrics.ts';
import type { AppEnv } from './types.ts';

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Probes hit every few seconds; logging their successes would drown the useful lines. */
const quietRoutes = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Times each request, counts it in the metrics and writes one log line. The line and the labels
 * carry the route pattern, never the raw path or query: paths hold ids and voting credentials.
 */
export function observeRequests(
  logger: Logger,
  metrics: HttpMetrics,
  /** Route patterns whose successes are logged at `debug`: hot paths, counted by the metrics. */
  debugRoutes: ReadonlySet<string> = new Set(),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const method = knownMethods.has(c.req.method) ? c.req.method : 'OTHER';
    // After next(), routeIndex points at the last handler that ran: the route's own handler.
    const route = unmatched.has(c) ? '(unmatched)' : routePath(c);
    const status = c.res.status;
    const labels = { method, route, status: String(status) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, seconds);
    if (quietRoutes.has(route) && status < 400) return;
    const fields = {
      requestId: c.get('requestId'),
      method,
      route,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (status >= 500) logger.error(fields, 'request');
    else if (status < 400 && debugRoutes.has(route)) logger.debug(fields, 'request');
    else logger.info(fields, 'request');
  };
}
