import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { requireStaff, type StaffClaims, type StaffRole } from '@yishi/auth';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { recordAttendance } from '../meetings/attendance.ts';
import { staffAttendance } from '../meetings/attendance-list.ts';
import { checkInPoster } from '../meetings/check-in-code.ts';
import {
  attendanceRecordedSchema,
  recordAttendanceBodySchema,
  staffAttendanceSchema,
} from '../meetings/schemas.ts';
import { json, jsonBody, meetingParams, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const base = '/communities/{communityId}/meetings/{meetingId}';

const recordRoute = createRoute({
  method: 'post',
  path: `${base}/attendance`,
  tags: ['attendance'],
  summary: 'Record an owner present (by owner key, unit or scanned owner link), or a proxy',
  description:
    'One record per owner key: recording someone already present changes nothing and answers 200 with created=false.',
  security,
  request: { params: meetingParams, body: jsonBody(recordAttendanceBodySchema) },
  responses: {
    201: { description: 'Recorded', ...json(attendanceRecordedSchema) },
    200: { description: 'Already present', ...json(attendanceRecordedSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: `${base}/attendance`,
  tags: ['attendance'],
  summary: 'The attendance list with owner keys, methods and proxy references',
  security,
  request: { params: meetingParams },
  responses: {
    200: { description: 'The list', ...json(staffAttendanceSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const posterRoute = createRoute({
  method: 'get',
  path: `${base}/check-in`,
  tags: ['attendance'],
  summary: 'The check-in code and its QR code (SVG) to show at the door',
  security,
  request: { params: meetingParams },
  responses: {
    200: {
      description: 'The code',
      ...json(z.object({ code: z.string(), url: z.string(), svg: z.string() })),
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

/** Staff routes of attendance. */
export function attendanceRouter(deps: Deps) {
  const anyStaff = requireStaff({ verifier: deps.verifier });
  const committeeOnly = requireStaff({ verifier: deps.verifier, roles: committee });
  const staffOf = (c: { get(key: 'staff'): StaffClaims }) => c.get('staff');
  return createRouter()
    .openapi({ ...recordRoute, middleware: [committeeOnly] }, async (c) => {
      const recorded = await recordAttendance(deps, {
        staff: staffOf(c),
        ...c.req.valid('param'),
        input: c.req.valid('json'),
      });
      return recorded.created ? c.json(recorded, 201) : c.json(recorded, 200);
    })
    .openapi({ ...listRoute, middleware: [anyStaff] }, async (c) =>
      c.json(await staffAttendance(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...posterRoute, middleware: [committeeOnly] }, async (c) =>
      c.json(await checkInPoster(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    );
}
