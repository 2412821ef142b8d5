import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffClaims, type StaffRole } from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { deliveryStatuses } from '../db/schema/index.ts';
import { deliveryViewSchema, listDeliveries, retryDelivery } from '../delivery/list-deliveries.ts';
import { lettersToPrint, meetingLettersToPrint } from '../flows/letters.ts';
import { preferencesBodySchema, setPreferences } from '../flows/preferences.ts';
import { triggerReminder } from '../flows/reminders.ts';
import { ballotParams, communityParams, json, jsonBody, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const watchers: StaffRole[] = [...committee, 'party_secretary'];

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/deliveries',
  tags: ['deliveries'],
  summary: "A community's deliveries, newest first; status=dead is the dead-letter list",
  description:
    'Addresses are masked and texts (which may hold voting links) are never returned. Committee and Party secretary.',
  security,
  request: {
    params: communityParams,
    query: pageQuerySchema.extend({
      status: z.enum(deliveryStatuses).optional(),
      ballotId: z.uuid().optional(),
      meetingId: z.uuid().optional(),
      proposalId: z.uuid().optional(),
    }),
  },
  responses: {
    200: { description: 'A page', ...json(pageOf(deliveryViewSchema)) },
    ...errorResponses(400, 401, 403),
  },
});

const retryRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/deliveries/{deliveryId}/retry',
  tags: ['deliveries'],
  summary: 'Queue a dead or failed delivery again',
  security,
  request: { params: communityParams.extend({ deliveryId: z.uuid() }) },
  responses: {
    200: { description: 'The delivery, queued', ...json(deliveryViewSchema) },
    ...errorResponses(401, 403, 404, 409),
  },
});

const lettersRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/letters',
  tags: ['ballots'],
  summary: 'Owners no channel reaches: units, names and link, to print (QR sheet)',
  security,
  request: { params: ballotParams },
  responses: {
    200: {
      description: 'Letters',
      ...json(
        z.object({
          items: z.array(
            z.object({
              holderKey: z.string(),
              units: z.string(),
              names: z.string(),
              link: z.string(),
            }),
          ),
        }),
      ),
    },
    ...errorResponses(401, 403),
  },
});

const meetingLettersRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/meetings/{meetingId}/letters',
  tags: ['meetings'],
  summary: "Owners no channel reaches for a meeting's notice, cancellation or minutes: to print",
  security,
  request: { params: communityParams.extend({ meetingId: z.uuid() }) },
  responses: {
    200: {
      description: 'Letters',
      ...json(
        z.object({
          items: z.array(
            z.object({
              holderKey: z.string(),
              units: z.string(),
              names: z.string(),
              messages: z.array(z.string()),
            }),
          ),
        }),
      ),
    },
    ...errorResponses(400, 401, 403),
  },
});

const remindRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/reminders',
  tags: ['ballots'],
  summary: 'Remind every owner who has not voted yet, now',
  description: 'urgent=true sends SMS during quiet hours (21:00–08:00 Asia/Shanghai) too.',
  security,
  request: {
    params: ballotParams,
    body: jsonBody(z.object({ urgent: z.boolean().default(false) })),
  },
  responses: {
    202: {
      description: 'The round, queued',
      ...json(z.object({ round: z.string(), recipients: z.number().int() })),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const preferencesRoute = createRoute({
  method: 'put',
  path: '/communities/{communityId}/owners/{ownerId}/contact',
  tags: ['owners'],
  summary: "Set an owner's preferred channel, e-mail, WeChat openid and language",
  security,
  request: {
    params: communityParams.extend({ ownerId: z.uuid() }),
    body: jsonBody(preferencesBodySchema),
  },
  responses: {
    200: { description: 'Saved', ...json(preferencesBodySchema.extend({ ownerId: z.uuid() })) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Staff routes: deliveries and the dead-letter list, letters, reminders, contact preferences. */
export function staffRouter(deps: Deps) {
  const only = (roles: StaffRole[]): [ReturnType<typeof requireStaff>] => [
    requireStaff({ verifier: deps.verifier, roles }),
  ];
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const staffOf = (c: { get(key: 'staff'): StaffClaims }) => c.get('staff');
  return router
    .openapi({ ...listRoute, middleware: only(watchers) }, async (c) => {
      const { communityId } = c.req.valid('param');
      return c.json(
        await listDeliveries(deps, { staff: staffOf(c), communityId, ...c.req.valid('query') }),
        200,
      );
    })
    .openapi({ ...retryRoute, middleware: only(committee) }, async (c) =>
      c.json(await retryDelivery(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...lettersRoute, middleware: only(committee) }, async (c) =>
      c.json(await lettersToPrint(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...meetingLettersRoute, middleware: only(committee) }, async (c) =>
      c.json(
        await meetingLettersToPrint(deps, { staff: staffOf(c), ...c.req.valid('param') }),
        200,
      ),
    )
    .openapi({ ...remindRoute, middleware: only(committee) }, async (c) =>
      c.json(
        await triggerReminder(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          urgent: c.req.valid('json').urgent,
        }),
        202,
      ),
    )
    .openapi({ ...preferencesRoute, middleware: only(committee) }, async (c) =>
      c.json(
        await setPreferences(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
        }),
        200,
      ),
    );
}
