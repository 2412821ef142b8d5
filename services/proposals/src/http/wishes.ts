import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { claimWish, fulfilWish, postWish, wishWall } from '../wishes/wishes.ts';
import { callers, communityParams, json, jsonBody, security, text } from './common.ts';
import { claimantKindSchema, wallSchema, wishSchema } from './schemas.ts';

const tags = ['micro-wishes'];
const wishParams = communityParams.extend({ wishId: z.uuid() });

const wallRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/wishes',
  tags,
  summary: 'The wall of micro-wishes (微心愿): counts by status and a page, newest first',
  security,
  request: {
    params: communityParams,
    query: pageQuerySchema.extend({ status: z.enum(['open', 'claimed', 'fulfilled']).optional() }),
  },
  responses: {
    200: { description: 'The wall', ...json(wallSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});
const postRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/wishes',
  tags,
  summary: 'Post a micro-wish (a resident through their owner link, or staff on their behalf)',
  security,
  request: {
    params: communityParams,
    body: jsonBody(z.object({ title: text(100), description: text(1_000) })),
  },
  responses: {
    201: { description: 'Posted', ...json(wishSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});
const claimRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/wishes/{wishId}/claim',
  tags,
  summary: 'Claim an open wish',
  description:
    'An owner claims as a volunteer under a name they choose; staff record claims by volunteers, Party members and partner units. The first claim wins (409 afterwards).',
  security,
  request: {
    params: wishParams,
    body: jsonBody(z.object({ claimantKind: claimantKindSchema, claimantName: text(50) })),
  },
  responses: {
    200: { description: 'Claimed', ...json(wishSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const fulfilRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/wishes/{wishId}/fulfil',
  tags,
  summary: 'Mark a claimed wish fulfilled (its author or staff)',
  security,
  request: {
    params: wishParams,
    body: jsonBody(z.object({ note: z.string().trim().max(500).optional() })),
  },
  responses: {
    200: { description: 'Fulfilled', ...json(wishSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** Micro-wishes and their wall. */
export function wishesRouter(deps: Deps) {
  const { any } = callers(deps);
  return createRouter()
    .openapi({ ...wallRoute, middleware: any }, async (c) =>
      c.json(
        await wishWall(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...postRoute, middleware: any }, async (c) =>
      c.json(
        await postWish(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi({ ...claimRoute, middleware: any }, async (c) =>
      c.json(
        await claimWish(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...fulfilRoute, middleware: any }, async (c) =>
      c.json(
        await fulfilWish(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          note: c.req.valid('json').note,
        }),
        200,
      ),
    );
}
