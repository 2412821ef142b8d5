import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { createApp, createRouter } from './create-app.ts';
import { hotRoute, valid, validJson } from './hot-route.ts';
import { errorResponses } from './http-errors.ts';
import { recordingLogger } from './test-support.ts';

const params = z.object({ communityId: z.uuid() });
const body = z.object({ title: z.string().min(1).max(80) });
const route = createRoute({
  method: 'post',
  path: '/proposals/{communityId}',
  summary: 'Raise a proposal',
  request: { params, body: { required: true, content: { 'application/json': { schema: body } } } },
  responses: {
    201: {
      description: 'Created',
      content: { 'application/json': { schema: z.object({ title: z.string() }) } },
    },
    ...errorResponses(400, 415),
  },
});

/** The same route served by `openapi()` and by `hotRoute`, each in an app of its own. */
function apps() {
  const make = () =>
    createApp({ name: 't', version: '0', logger: recordingLogger().logger, defaultMetrics: false });
  const handled = vi.fn();
  const viaOpenapi = make();
  viaOpenapi.route(
    '/',
    createRouter().openapi(route, (c) => {
      handled('openapi');
      return c.json({ title: c.req.valid('json').title }, 201);
    }),
  );
  const viaHot = make();
  const router = createRouter();
  hotRoute(router, route, async (c) => {
    valid(params, { communityId: c.req.param('communityId') }, 'param');
    const { title } = await validJson(c, body);
    handled('hot');
    return c.json({ title }, 201);
  });
  viaHot.route('/', router);
  return { viaOpenapi, viaHot, handled };
}

const communityId = '5b0f3c1e-8d7a-4b59-9c39-2f6f2d3a1b10';

describe('hotRoute', () => {
  it.each([
    ['a valid request', communityId, 'application/json', '{"title":"消防门"}'],
    [
      'a JSON media type with a charset',
      communityId,
      'application/json; charset=utf-8',
      '{"title":"x"}',
    ],
    ['an invalid body', communityId, 'application/json', '{"title":""}'],
    ['a body missing its field', communityId, 'application/json', '{}'],
    ['malformed JSON', communityId, 'application/json', '{"title":'],
    ['another media type', communityId, 'text/plain', '{"title":"x"}'],
    ['an invalid path parameter', 'not-a-uuid', 'application/json', '{"title":"x"}'],
    ['a JSON media type with a malformed parameter', communityId, 'application/json; foo', '{}'],
    ['a body without a media type', communityId, undefined, '{"title":"x"}'],
    ['no body and no media type', communityId, undefined, ''],
  ])('answers %s as openapi() does', async (_, id, contentType, payload) => {
    const { viaOpenapi, viaHot, handled } = apps();
    const send = (app: typeof viaHot) =>
      app.request(`/proposals/${id}`, {
        method: 'POST',
        headers: {
          'x-request-id': 'same',
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
        },
        // Bytes, not a string: a string body would get a text/plain media type by default.
        ...(payload === '' ? {} : { body: new TextEncoder().encode(payload) }),
      });
    const [expected, actual] = await Promise.all([send(viaOpenapi), send(viaHot)]);
    expect(actual.status).toBe(expected.status);
    expect(await actual.json()).toEqual(await expected.json());
    // Both handlers ran, or neither did.
    const calls = handled.mock.calls.map(([how]) => how);
    expect(calls.filter((how) => how === 'hot').length).toBe(
      calls.filter((how) => how === 'openapi').length,
    );
  });

  it('is documented in the OpenAPI document like a route of openapi()', async () => {
    const { viaOpenapi, viaHot } = apps();
    const doc = async (app: typeof viaHot) =>
      ((await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> })
        .paths['/proposals/{communityId}'];
    expect(await doc(viaHot)).toEqual(await doc(viaOpenapi));
    expect(await doc(viaHot)).toMatchObject({ post: { summary: 'Raise a proposal' } });
  });
});
