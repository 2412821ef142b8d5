import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { changePassword } from '../staff/change-password.ts';
import { getStaffContact, setStaffContact } from '../staff/contact.ts';
import { createStaff } from '../staff/create-staff.ts';
import { listCommunityStaff } from '../staff/list-staff.ts';
import { requireStaffIn } from '../staff/require-staff.ts';
import {
  changePasswordBodySchema,
  communityStaffPageSchema,
  createStaffBodySchema,
  staffContactBodySchema,
  staffContactSchema,
  staffViewSchema,
  updateStaffBodySchema,
} from '../staff/schemas.ts';
import { updateStaff } from '../staff/update-staff.ts';

const json = <S extends z.ZodType>(schema: S) => ({ content: { 'application/json': { schema } } });
const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
const security = [{ bearerAuth: [] }];
const staffIdParams = z.object({ staffId: z.uuid() });

const createStaffRoute = createRoute({
  method: 'post',
  path: '/staff',
  tags: ['staff'],
  summary: 'Create a staff account',
  description:
    'Platform admins may create any account; committee admins only accounts whose roles lie in communities they administer, and no platform admin.',
  security,
  request: { body: jsonBody(createStaffBodySchema) },
  responses: {
    201: { description: 'Created', ...json(staffViewSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listStaffRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/staff',
  tags: ['staff'],
  summary: "A community's staff, by display name",
  description: "For the community's committee admins and platform admins.",
  security,
  request: { params: z.object({ communityId: z.uuid() }), query: pageQuerySchema },
  responses: {
    200: { description: 'A page of staff', ...json(communityStaffPageSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const updateStaffRoute = createRoute({
  method: 'patch',
  path: '/staff/{staffId}',
  tags: ['staff'],
  summary: 'Change roles, display name, or enable / disable an account',
  description:
    "Anyone may rename themselves. Roles need a committee admin of each community concerned; disabling and renaming others need a committee admin of every community of the account; the platform admin flag needs a platform admin. Disabling ends the account's sessions.",
  security,
  request: { params: staffIdParams, body: jsonBody(updateStaffBodySchema) },
  responses: {
    200: { description: 'The account after the change', ...json(staffViewSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/staff/{staffId}/password',
  tags: ['staff'],
  summary: 'Change your password, or reset another account’s as its admin',
  description:
    'Your own needs currentPassword (throttled like sign-in). Every session of the account ends.',
  security,
  request: { params: staffIdParams, body: jsonBody(changePasswordBodySchema) },
  responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403, 404, 429) },
});

const getContactRoute = createRoute({
  method: 'get',
  path: '/staff/{staffId}/contact',
  tags: ['staff'],
  summary: 'How a staff member gets alerts (phone, e-mail, WeChat, preferred channel, language)',
  description:
    'Your own, or as a platform admin or a committee admin of a community of the account. Personal data.',
  security,
  request: { params: staffIdParams },
  responses: {
    200: {
      description: 'The contact details (null fields when unset)',
      ...json(staffContactSchema),
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

const setContactRoute = createRoute({
  method: 'put',
  path: '/staff/{staffId}/contact',
  tags: ['staff'],
  summary: "Replace a staff member's alert contacts",
  description:
    'Your own, or as a platform admin or a committee admin of every community of the account. Publishes directory.staff.recorded to each of its communities (notifications alerts staff from it).',
  security,
  request: { params: staffIdParams, body: jsonBody(staffContactBodySchema) },
  responses: {
    200: { description: 'Saved', ...json(staffContactSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Staff accounts: create, list per community, change, set passwords and alert contacts. */
export function staffRouter(deps: Deps) {
  const middleware: [ReturnType<typeof requireStaffIn>] = [requireStaffIn(deps)];
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return router
    .openapi({ ...createStaffRoute, middleware }, async (c) => {
      const actor = { staffId: c.get('staff').sub };
      return c.json(await createStaff(deps, { actor, ...c.req.valid('json') }), 201);
    })
    .openapi({ ...listStaffRoute, middleware }, async (c) => {
      const { communityId } = c.req.valid('param');
      const { cursor, limit } = c.req.valid('query');
      const actor = { staffId: c.get('staff').sub };
      return c.json(await listCommunityStaff(deps, { actor, communityId, cursor, limit }), 200);
    })
    .openapi({ ...updateStaffRoute, middleware }, async (c) => {
      const actor = { staffId: c.get('staff').sub };
      const { staffId } = c.req.valid('param');
      return c.json(await updateStaff(deps, { actor, staffId, ...c.req.valid('json') }), 200);
    })
    .openapi({ ...changePasswordRoute, middleware }, async (c) => {
      const actor = { staffId: c.get('staff').sub };
      const { staffId } = c.req.valid('param');
      await changePassword(deps, { actor, staffId, ...c.req.valid('json') });
      return c.body(null, 204);
    })
    .openapi({ ...getContactRoute, middleware }, async (c) => {
      const actor = { staffId: c.get('staff').sub };
      const { staffId } = c.req.valid('param');
      return c.json(await getStaffContact(deps, { actor, staffId }), 200);
    })
    .openapi({ ...setContactRoute, middleware }, async (c) => {
      const actor = { staffId: c.get('staff').sub };
      const { staffId } = c.req.valid('param');
      const contact = c.req.valid('json');
      return c.json(await setStaffContact(deps, { actor, staffId, contact }), 200);
    });
}
