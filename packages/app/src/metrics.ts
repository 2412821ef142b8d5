import { Counter, collectDefaultMetrics, Histogram, type Registry } from 'prom-client';

const labelNames = ['method', 'route', 'status'] as const;

/** The per-app HTTP metrics; labels use the route pattern so cardinality stays bounded. */
export interface HttpMetrics {
  readonly registry: Registry;
  readonly requests: Counter<(typeof labelNames)[number]>;
  readonly duration: Histogram<(typeof labelNames)[number]>;
}

/**
 * Registers `http_requests_total` and `http_request_duration_seconds` (and, unless disabled, the
 * default process metrics) on `registry`. One registry per app, so two apps in one process (tests)
 * never collide on metric names.
 */
export function createHttpMetrics(
  registry: Registry,
  options: { service: string; defaultMetrics?: boolean },
): HttpMetrics {
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests handled, by method, route pattern and status',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route pattern and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}
