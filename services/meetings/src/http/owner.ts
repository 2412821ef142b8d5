import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { type OwnerClaims, requireOwner } from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import { notFound } from '@yishi/errors';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { attendance } from '../db/schema/index.ts';
import { checkIn } from '../meetings/attendance.ts';
import { listMeetings } from '../meetings/list-meetings.ts';
import { loadAgenda, loadMeeting } from '../meetings/load.ts';
import { ownerLinkVersion } from '../meetings/owner-links.ts';
import {
  attendanceRecordedSchema,
  checkInBodySchema,
  meetingViewSchema,
} from '../meetings/schemas.ts';
import { ownerMeetingView } from '../meetings/views.ts';
import { json, jsonBody, ownerSecurity } from './schemas.ts';

const meetingParam = z.object({ meetingId: z.uuid() });

const listRoute = createRoute({
  method: 'get',
  path: '/owner/meetings',
  tags: ['owners'],
  summary: "The owner's community's meetings (no drafts), latest first",
  security: ownerSecurity,
  request: { query: pageQuerySchema },
  responses: {
    200: { description: 'A page', ...json(pageOf(meetingViewSchema)) },
    ...errorResponses(400, 401),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/owner/meetings/{meetingId}',
  tags: ['owners'],
  summary: 'A meeting, and whether this owner signed in',
  security: ownerSecurity,
  request: { params: meetingParam },
  responses: {
    200: {
      description: 'The meeting',
      ...json(meetingViewSchema.extend({ attended: z.boolean() })),
    },
    ...errorResponses(401, 404),
  },
});

const checkInRoute = createRoute({
  method: 'post',
  path: '/owner/meetings/{meetingId}/check-in',
  tags: ['owners'],
  summary: 'Sign in with the code of the QR shown at the door',
  description:
    'The owner page token (Bearer) says who signs in; the code proves presence. A second sign-in answers 200 with created=false and changes nothing.',
  security: ownerSecurity,
  request: { params: meetingParam, body: jsonBody(checkInBodySchema) },
  responses: {
    201: { description: 'Signed in', ...json(attendanceRecordedSchema) },
    200: { description: 'Already signed in', ...json(attendanceRecordedSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** Routes for owners, authorised by their page token (`yishi-owner`). */
export function ownerRouter(deps: Deps) {
  const owner = requireOwner({
    verifier: deps.ownerVerifier,
    // A re-issued link voids the older ones (directory.owner_link.revoked).
    currentVersion: ownerLinkVersion(deps.db),
  });
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'ownerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT (owner page token)',
  });
  const ownerOf = (c: { get(key: 'owner'): OwnerClaims }) => c.get('owner');
  return router
    .openapi({ ...listRoute, middleware: [owner] }, async (c) =>
      c.json(
        await listMeetings(deps, {
          communityId: ownerOf(c).communityId,
          ...c.req.valid('query'),
          forOwners: true,
        }),
        200,
      ),
    )
    .openapi({ ...getRoute, middleware: [owner] }, async (c) => {
      const { communityId, holderKey } = ownerOf(c);
      const { meetingId } = c.req.valid('param');
      const row = await loadMeeting(deps.db, { communityId, meetingId });
      if (row.status === 'draft') throw notFound({ zh: '未找到该会议', en: 'No such meeting' });
      const attended = await deps.db.$count(
        attendance,
        and(eq(attendance.meetingId, meetingId), eq(attendance.holderKey, holderKey)),
      );
      return c.json(
        { ...ownerMeetingView(row, await loadAgenda(deps.db, meetingId)), attended: attended > 0 },
        200,
      );
    })
    .openapi({ ...checkInRoute, middleware: [owner] }, async (c) => {
      const recorded = await checkIn(deps, {
        owner: ownerOf(c),
        meetingId: c.req.valid('param').meetingId,
        code: c.req.valid('json').code,
      });
      return recorded.created ? c.json(recorded, 201) : c.json(recorded, 200);
    });
}
