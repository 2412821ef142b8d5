import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { createGrid, listGrids, updateGrid } from '../roster/index.ts';
import { communityIdParams, gridBodySchema, gridPutSchema, gridSchema } from '../roster/schemas.ts';
import { staffOnly } from '../roster/staff-only.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
const security = [{ bearerAuth: [] }];
const tags = ['grids'];

const createGridRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/grids',
  tags,
  summary: 'Create a grid (网格) of buildings',
  description:
    'Committee admins of the community and platform admins. Publishes directory.grid.defined.',
  security,
  request: { params: communityIdParams, body: jsonBody(gridBodySchema) },
  responses: {
    201: { description: 'Created', ...json(gridSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const putGridRoute = createRoute({
  method: 'put',
  path: '/communities/{communityId}/grids/{gridId}',
  tags,
  summary: "Replace a grid's name, buildings and grid workers",
  description:
    "Workers are staff ids holding grid_worker in this community; their next sign-in puts the grid's buildings in their token.",
  security,
  request: {
    params: communityIdParams.extend({ gridId: z.uuid() }),
    body: jsonBody(gridPutSchema),
  },
  responses: {
    200: { description: 'The grid after the change', ...json(gridSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listGridsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/grids',
  tags,
  summary: "A community's grids, by name",
  security,
  request: { params: communityIdParams },
  responses: {
    200: { description: 'The grids', ...json(z.object({ items: z.array(gridSchema) })) },
    ...errorResponses(401, 404),
  },
});

/** Grids: which buildings grid workers cover. */
export function gridsRouter(deps: Deps) {
  const admins = staffOnly(deps, ['committee_admin', 'platform_admin']);
  return createRouter()
    .openapi({ ...createGridRoute, middleware: admins }, async (c) =>
      c.json(
        await createGrid(deps, {
          claims: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi({ ...putGridRoute, middleware: admins }, async (c) =>
      c.json(
        await updateGrid(deps, {
          claims: c.get('staff'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...listGridsRoute, middleware: staffOnly(deps) }, async (c) => {
      const items = await listGrids(deps, { claims: c.get('staff'), ...c.req.valid('param') });
      return c.json({ items }, 200);
    });
}
