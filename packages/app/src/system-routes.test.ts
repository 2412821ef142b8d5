import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createApp, createRouter } from './create-app.ts';
import { recordingLogger } from './test-support.ts';

const quiet = { logger: recordingLogger().logger, defaultMetrics: false };

describe('/healthz and /readyz', () => {
  it('reports alive while not ready', async () => {
    const app = createApp({ name: 't', version: '0', ready: async () => false, ...quiet });
    expect((await app.request('/healthz')).status).toBe(200);
    expect((await app.request('/readyz')).status).toBe(503);
  });

  it('answers 200 with the checks when ready', async () => {
    const app = createApp({
      name: 't',
      version: '0',
      ready: async () => ({ ok: true, checks: { db: true } }),
      ...quiet,
    });
    const res = await app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { db: true } });
  });

  it('answers 503 with the failing check named', async () => {
    const app = createApp({
      name: 't',
      version: '0',
      ready: async () => ({ ok: false, checks: { db: true, nats: 'disconnected' } }),
      ...quiet,
    });
    const res = await app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'not_ready',
      checks: { nats: 'disconnected' },
    });
  });

  it('counts a throwing check as not ready', async () => {
    const app = createApp({
      name: 't',
      version: '0',
      ready: async () => {
        throw new Error('db down');
      },
      ...quiet,
    });
    expect((await app.request('/readyz')).status).toBe(503);
  });
});

describe('/metrics', () => {
  it('counts requests by route pattern, not raw path', async () => {
    const app = createApp({ name: 'ballots', version: '0', ...quiet });
    app.get('/ballots/:id', (c) => c.json({ id: c.req.param('id') }));
    await app.request('/ballots/one');
    await app.request('/ballots/two');
    await app.request('/no/such/path');
    const text = await (await app.request('/metrics')).text();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/ballots/:id",status="200",service="ballots"} 2',
    );
    expect(text).toContain('route="(unmatched)",status="404"');
    expect(text).not.toContain('/ballots/one');
    expect(text).toContain('http_request_duration_seconds_bucket');
  });

  it('includes the default process metrics unless disabled', async () => {
    const app = createApp({ name: 't', version: '0', logger: quiet.logger });
    expect(await (await app.request('/metrics')).text()).toContain(
      'process_cpu_user_seconds_total',
    );
  });

  it('keeps each app registry separate', async () => {
    const first = createApp({ name: 'a', version: '0', ...quiet });
    const second = createApp({ name: 'b', version: '0', ...quiet });
    await first.request('/healthz');
    const text = await (await second.request('/metrics')).text();
    expect(text).not.toContain('route="/healthz"');
  });
});

describe('/openapi.json', () => {
  it('documents a mounted route with its request schema and the app title and version', async () => {
    const app = createApp({ name: 'meetings', version: '2.0.0', ...quiet });
    const route = createRoute({
      method: 'post',
      path: '/{meetingId}/attendance',
      request: {
        params: z.object({ meetingId: z.uuid() }),
        body: { content: { 'application/json': { schema: z.object({ unitId: z.uuid() }) } } },
      },
      responses: { 204: { description: 'Recorded' } },
    });
    app.route(
      '/meetings',
      createRouter().openapi(route, (c) => c.body(null, 204)),
    );
    const doc = await (await app.request('/openapi.json')).json();
    const unitId = { type: 'string', format: 'uuid' };
    expect(doc).toMatchObject({
      info: { title: 'meetings', version: '2.0.0' },
      paths: {
        '/meetings/{meetingId}/attendance': {
          post: {
            requestBody: {
              content: { 'application/json': { schema: { properties: { unitId } } } },
            },
          },
        },
      },
      components: { schemas: { ErrorBody: { type: 'object' } } },
    });
  });
});
