import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from './logger.ts';
import type { AppEnv } from './types.ts';

/** A readiness verdict with the state of each dependency, e.g. `{ ok: false, checks: { db: true, nats: false } }`. */
export interface ReadyResult {
  ok: boolean;
  checks?: Record<string, boolean | string>;
}

/** Checks that the service can do its work now (database reachable, consumers running). */
export type ReadyCheck = () => Promise<boolean | ReadyResult>;

/**
 * `/healthz`: the process is alive (the orchestrator restarts it otherwise).
 * `/readyz`: the `ready` check passes, 200 or 503 (the load balancer stops routing otherwise).
 */
export function mountHealth(app: OpenAPIHono<AppEnv>, logger: Logger, ready?: ReadyCheck): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const result = await runCheck(ready, logger, c.get('requestId'));
    return c.json(
      { status: result.ok ? 'ready' : 'not_ready', checks: result.checks ?? {} },
      result.ok ? 200 : 503,
    );
  });
}

async function runCheck(
  ready: ReadyCheck | undefined,
  logger: Logger,
  requestId: string,
): Promise<ReadyResult> {
  if (!ready) return { ok: true };
  try {
    const result = await ready();
    return typeof result === 'boolean' ? { ok: result } : result;
  } catch (error) {
    logger.warn({ requestId, err: error }, 'readiness check failed');
    return { ok: false };
  }
}
