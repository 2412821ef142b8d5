import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffClaims, type StaffRole } from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import type { Deps } from '../context.ts';
import { createMeeting, updateMeeting } from '../meetings/draft-meeting.ts';
import { cancelMeeting, holdMeeting } from '../meetings/lifecycle.ts';
import { getMeeting, listStaffMeetings } from '../meetings/list-meetings.ts';
import { publishMinutes, writeMinutes } from '../meetings/minutes.ts';
import { publishNotice } from '../meetings/notice.ts';
import {
  cancelBodySchema,
  createMeetingBodySchema,
  meetingViewSchema,
  minutesBodySchema,
  updateMeetingBodySchema,
} from '../meetings/schemas.ts';
import { communityParams, json, jsonBody, meetingParams, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const base = '/communities/{communityId}/meetings';
const view = { description: 'The meeting', ...json(meetingViewSchema) };

const createMeetingRoute = createRoute({
  method: 'post',
  path: base,
  tags: ['meetings'],
  summary: 'Draft a meeting with its agenda',
  description:
    "Committee admins and members. For an owners' assembly a date that leaves less than 15 full days for the notice is refused (400, details.reason notice_period_short, details.earliestDate).",
  security,
  request: { params: communityParams, body: jsonBody(createMeetingBodySchema) },
  responses: { 201: view, ...errorResponses(400, 401, 403, 404) },
});

const listRoute = createRoute({
  method: 'get',
  path: base,
  tags: ['meetings'],
  summary: "A community's meetings, latest first",
  security,
  request: { params: communityParams, query: pageQuerySchema },
  responses: {
    200: { description: 'A page', ...json(pageOf(meetingViewSchema)) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: `${base}/{meetingId}`,
  tags: ['meetings'],
  summary: 'One meeting',
  security,
  request: { params: meetingParams },
  responses: { 200: view, ...errorResponses(401, 403, 404) },
});

const patchRoute = createRoute({
  method: 'patch',
  path: `${base}/{meetingId}`,
  tags: ['meetings'],
  summary: 'Change a draft (agenda, when given, replaces the agenda)',
  security,
  request: { params: meetingParams, body: jsonBody(updateMeetingBodySchema) },
  responses: { 200: view, ...errorResponses(400, 401, 403, 404, 409) },
});

const command = (verb: string, summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `${base}/{meetingId}/${verb}`,
    tags: ['meetings'],
    summary,
    description,
    security,
    request: { params: meetingParams },
    responses: { 200: view, ...errorResponses(401, 403, 404, 409) },
  });

const noticeRoute = command(
  'notice',
  'Publish the notice with its topics',
  "Owners see the meeting from now on. An owners' assembly needs 15 full days before its date (else 409, details.earliestDate); an assembly in writing also asks the ballots service for its draft ballot.",
);
const holdRoute = command(
  'hold',
  'Record that the meeting took place',
  'Not before it starts; an assembly in writing is marked held by its ballot result.',
);
const publishMinutesRoute = command(
  'minutes/publish',
  'Publish the minutes and decisions to owners',
  'Only a held meeting with minutes written.',
);

const cancelRoute = createRoute({
  method: 'post',
  path: `${base}/{meetingId}/cancel`,
  tags: ['meetings'],
  summary: 'Cancel with a reason (before the meeting takes place)',
  security,
  request: { params: meetingParams, body: jsonBody(cancelBodySchema) },
  responses: { 200: view, ...errorResponses(400, 401, 403, 404, 409) },
});

const minutesRoute = createRoute({
  method: 'put',
  path: `${base}/{meetingId}/minutes`,
  tags: ['meetings'],
  summary: 'Write the minutes and the decision of each agenda item',
  description:
    "For an owners' assembly held in person, each item of Art. 278 takes its counted figures; the outcome (已形成决定 / 未形成决定) follows them. Items decided by a ballot keep the ballot's outcome.",
  security,
  request: { params: meetingParams, body: jsonBody(minutesBodySchema) },
  responses: { 200: view, ...errorResponses(400, 401, 403, 404, 409) },
});

/** Staff routes: drafting, the notice, the lifecycle, minutes. */
export function meetingsRouter(deps: Deps) {
  const anyStaff = [requireStaff({ verifier: deps.verifier })] as const;
  const committeeOnly = [requireStaff({ verifier: deps.verifier, roles: committee })] as const;
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const staffOf = (c: { get(key: 'staff'): StaffClaims }) => c.get('staff');
  return router
    .openapi({ ...createMeetingRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(
        await createMeeting(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi({ ...listRoute, middleware: [...anyStaff] }, async (c) =>
      c.json(
        await listStaffMeetings(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...getRoute, middleware: [...anyStaff] }, async (c) =>
      c.json(await getMeeting(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...patchRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(
        await updateMeeting(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...noticeRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(await publishNotice(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...holdRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(await holdMeeting(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...cancelRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(
        await cancelMeeting(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          reason: c.req.valid('json').reason,
        }),
        200,
      ),
    )
    .openapi({ ...minutesRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(
        await writeMinutes(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...publishMinutesRoute, middleware: [...committeeOnly] }, async (c) =>
      c.json(await publishMinutes(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    );
}
