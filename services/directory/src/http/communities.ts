import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import {
  createCommunity,
  getCommunity,
  listBuildings,
  listCommunities,
  updateCommunity,
} from '../roster/index.ts';
import {
  buildingSchema,
  communityIdParams,
  communityPageSchema,
  communityPatchSchema,
  communitySchema,
  communitySettingsSchema,
} from '../roster/schemas.ts';
import { staffOnly } from '../roster/staff-only.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
const security = [{ bearerAuth: [] }];
const tags = ['communities'];

const createCommunityRoute = createRoute({
  method: 'post',
  path: '/communities',
  tags,
  summary: 'Register a community (小区)',
  description: 'Platform admins only. Publishes directory.community.registered.',
  security,
  request: { body: jsonBody(communitySettingsSchema) },
  responses: {
    201: { description: 'Registered', ...json(communitySchema) },
    ...errorResponses(400, 401, 403),
  },
});

const listCommunitiesRoute = createRoute({
  method: 'get',
  path: '/communities',
  tags,
  summary: 'The communities the caller may see, by name',
  security,
  request: { query: pageQuerySchema },
  responses: {
    200: { description: 'A page of communities', ...json(communityPageSchema) },
    ...errorResponses(400, 401),
  },
});

const getCommunityRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}',
  tags,
  summary: 'One community',
  description: 'Staff of another community get 404.',
  security,
  request: { params: communityIdParams },
  responses: {
    200: { description: 'The community', ...json(communitySchema) },
    ...errorResponses(401, 404),
  },
});

const updateCommunityRoute = createRoute({
  method: 'patch',
  path: '/communities/{communityId}',
  tags,
  summary: "Change a community's name, street, neighbourhood or parking setting",
  description: 'Committee admins of the community and platform admins.',
  security,
  request: { params: communityIdParams, body: jsonBody(communityPatchSchema) },
  responses: {
    200: { description: 'The community after the change', ...json(communitySchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const listBuildingsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/buildings',
  tags,
  summary: 'Buildings with their unit counts and total area',
  description: 'Buildings are created by roster imports. Grid workers see only their buildings.',
  security,
  request: { params: communityIdParams },
  responses: {
    200: { description: 'The buildings', ...json(z.object({ items: z.array(buildingSchema) })) },
    ...errorResponses(401, 404),
  },
});

/** Communities and their buildings. */
export function communitiesRouter(deps: Deps) {
  const signedIn = staffOnly(deps);
  return createRouter()
    .openapi(
      { ...createCommunityRoute, middleware: staffOnly(deps, ['platform_admin']) },
      async (c) =>
        c.json(
          await createCommunity(deps, { claims: c.get('staff'), ...c.req.valid('json') }),
          201,
        ),
    )
    .openapi({ ...listCommunitiesRoute, middleware: signedIn }, async (c) =>
      c.json(await listCommunities(deps, { claims: c.get('staff'), ...c.req.valid('query') }), 200),
    )
    .openapi({ ...getCommunityRoute, middleware: signedIn }, async (c) =>
      c.json(await getCommunity(deps, { claims: c.get('staff'), ...c.req.valid('param') }), 200),
    )
    .openapi(
      {
        ...updateCommunityRoute,
        middleware: staffOnly(deps, ['committee_admin', 'platform_admin']),
      },
      async (c) =>
        c.json(
          await updateCommunity(deps, {
            claims: c.get('staff'),
            ...c.req.valid('param'),
            ...c.req.valid('json'),
          }),
          200,
        ),
    )
    .openapi({ ...listBuildingsRoute, middleware: signedIn }, async (c) => {
      const items = await listBuildings(deps, { claims: c.get('staff'), ...c.req.valid('param') });
      return c.json({ items }, 200);
    });
}
