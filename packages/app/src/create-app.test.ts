import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { errorBodySchema } from '@yishi/contracts';
import { AppError, preconditionFailed } from '@yishi/errors';
import { describe, expect, it, vi } from 'vitest';
import { createApp, createRouter } from './create-app.ts';
import { errorResponses } from './http-errors.ts';
import { errorOf, recordingLogger } from './test-support.ts';

const createProposal = createRoute({
  method: 'post',
  path: '/{communityId}',
  request: {
    params: z.object({ communityId: z.uuid() }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ title: z.string().min(1).max(80) }) } },
    },
  },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: z.object({ id: z.string() }) } },
    },
    ...errorResponses(400),
  },
});

const communityId = '5b0f3c1e-8d7a-4b59-9c39-2f6f2d3a1b10';

function setup(
  options: { ready?: () => Promise<boolean>; debugLogRoutes?: readonly string[] } = {},
) {
  const { logger, lines } = recordingLogger();
  const handler = vi.fn(async () => ({ id: 'p1' }));
  const app = createApp({
    name: 'proposals',
    version: '1.2.3',
    logger,
    defaultMetrics: false,
    ...options,
  });
  const proposals = createRouter().openapi(createProposal, async (c) =>
    c.json(await handler(), 201),
  );
  app.route('/proposals', proposals);
  app.get('/boom/app-error', () => {
    throw preconditionFailed({ zh: '投票尚未开始', en: 'The ballot is not open' });
  });
  app.get('/boom/unknown', () => {
    throw new Error('connection to 10.0.0.5 failed for owner 13800138000');
  });
  return { app, handler, lines };
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('validation', () => {
  it('answers bad input with 400 validation_failed listing each issue, without calling the handler', async () => {
    const { app, handler } = setup();
    const res = await app.request('/proposals/not-a-uuid', post({ title: '' }));
    expect(res.status).toBe(400);
    const body = errorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details?.issues).toEqual([
      expect.objectContaining({ location: 'param', path: ['communityId'] }),
    ]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('reports body issues with their path once the params are valid', async () => {
    const { app, handler } = setup();
    const res = await app.request(`/proposals/${communityId}`, post({ title: '' }));
    const body = errorBodySchema.parse(await res.json());
    expect(body.error.details?.issues).toEqual([
      expect.objectContaining({ location: 'json', path: ['title'], code: 'too_small' }),
    ]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('words the message in zh-CN by default and in English when asked', async () => {
    const { app } = setup();
    const zh = await errorOf(await app.request(`/proposals/${communityId}`, post({})));
    const en = await errorOf(
      await app.request(
        `/proposals/${communityId}`,
        post({}, { 'accept-language': 'en-US,en;q=0.9' }),
      ),
    );
    expect(zh.message).toBe('输入有误，请检查后重试');
    expect(en.message).toBe('The input is invalid; check it and retry');
  });

  it('refuses malformed JSON in the same shape', async () => {
    const { app, handler } = setup();
    const res = await app.request(`/proposals/${communityId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect(res.status).toBe(400);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    expect(handler).not.toHaveBeenCalled();
  });

  it('validates routes of a plain OpenAPIHono sub-app through the app hook', async () => {
    const app = createApp({
      name: 't',
      version: '0',
      logger: recordingLogger().logger,
      defaultMetrics: false,
    });
    const handler = vi.fn();
    app.route(
      '/plain',
      new OpenAPIHono().openapi(createProposal, (c) => {
        handler();
        return c.json({ id: 'x' }, 201);
      }),
    );
    const res = await app.request(`/plain/${communityId}`, post({ title: '' }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('validation_failed');
    expect(handler).not.toHaveBeenCalled();
  });

  it('runs the handler on valid input', async () => {
    const { app, handler } = setup();
    const res = await app.request(`/proposals/${communityId}`, post({ title: '加装电梯' }));
    expect(res.status).toBe(201);
    expect(handler).toHaveBeenCalledOnce();
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 in the error shape', async () => {
    const { app } = setup();
    const res = await app.request('/nowhere');
    expect(res.status).toBe(404);
    expect(errorBodySchema.parse(await res.json()).error.code).toBe('not_found');
  });

  it('maps a thrown AppError to its status and message', async () => {
    const { app } = setup();
    const res = await app.request('/boom/app-error');
    expect(res.status).toBe(409);
    const body = errorBodySchema.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'precondition_failed', message: '投票尚未开始' });
  });

  it.each([
    ['not_found', 404],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['already_exists', 409],
    ['rate_limited', 429],
    ['unavailable', 503],
  ] as const)('maps %s to HTTP %i', async (code, status) => {
    const error = new AppError(code);
    const app = createApp({
      name: 't',
      version: '0',
      logger: recordingLogger().logger,
      defaultMetrics: false,
    });
    app.get('/x', () => {
      throw error;
    });
    const res = await app.request('/x');
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(error.code);
  });

  it('answers an unknown throw with a generic 500 and logs it with the request id', async () => {
    const { app, lines } = setup();
    const res = await app.request('/boom/unknown', { headers: { 'x-request-id': 'req-500' } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('10.0.0.5');
    expect(JSON.parse(text).error).toMatchObject({ code: 'internal', requestId: 'req-500' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'unhandled error',
        fields: expect.objectContaining({ requestId: 'req-500' }),
      }),
    );
  });

  it('asks for a bearer token on 401', async () => {
    const app = createApp({
      name: 't',
      version: '0',
      logger: recordingLogger().logger,
      defaultMetrics: false,
    });
    app.get('/x', () => {
      throw new AppError('unauthenticated');
    });
    expect((await app.request('/x')).headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('request id', () => {
  it('echoes a sane incoming x-request-id in the header and the error body', async () => {
    const { app } = setup();
    const res = await app.request('/nowhere', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect((await errorOf(res)).requestId).toBe('abc-123');
  });

  it('replaces an unsafe or overlong incoming id with a generated one', async () => {
    const { app } = setup();
    for (const incoming of ['bad id <script>', 'x'.repeat(200)]) {
      const res = await app.request('/healthz', { headers: { 'x-request-id': incoming } });
      const echoed = res.headers.get('x-request-id');
      expect(echoed).not.toBe(incoming);
      expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('request logs', () => {
  it('log the route pattern, status and duration, never the raw path or query', async () => {
    const { app, lines } = setup();
    await app.request(`/proposals/${communityId}?phone=13800138000`, post({ title: '加装电梯' }));
    const line = lines.find((entry) => entry.message === 'request');
    expect(line?.fields).toMatchObject({
      method: 'POST',
      route: '/proposals/:communityId',
      status: 201,
      requestId: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain(communityId);
    expect(JSON.stringify(lines)).not.toContain('13800138000');
  });

  it('of a hot route log its successes at debug and its refusals at info', async () => {
    const { app, lines } = setup({ debugLogRoutes: ['/proposals/:communityId'] });
    await app.request(`/proposals/${communityId}`, post({ title: '加装电梯' }));
    await app.request(`/proposals/${communityId}`, post({ title: '' }));
    expect(
      lines.filter((l) => l.message === 'request').map((l) => [l.level, l.fields.status]),
    ).toEqual([
      ['debug', 201],
      ['info', 400],
    ]);
  });
});
