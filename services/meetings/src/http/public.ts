import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { notFound } from '@yishi/errors';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { publicAttendance } from '../meetings/attendance-list.ts';
import { loadAgenda, loadMeeting } from '../meetings/load.ts';
import { meetingViewSchema, publicAttendanceSchema } from '../meetings/schemas.ts';
import { ownerMeetingView } from '../meetings/views.ts';
import { json } from './schemas.ts';

const publicRoute = createRoute({
  method: 'get',
  path: '/public/meetings/{meetingId}',
  tags: ['public'],
  summary: 'A published meeting: notice, agenda, attendance by unit, minutes once published',
  description: 'No names, phones or owner keys: attendance shows unit numbers and areas.',
  request: { params: z.object({ meetingId: z.uuid() }) },
  responses: {
    200: {
      description: 'The meeting',
      ...json(meetingViewSchema.extend({ attendance: publicAttendanceSchema })),
    },
    ...errorResponses(404),
  },
});

/** The public page of a meeting, as notices are posted in the estate. */
export function publicRouter(deps: Deps) {
  return createRouter().openapi(publicRoute, async (c) => {
    const { meetingId } = c.req.valid('param');
    const row = await loadMeeting(deps.db, { meetingId });
    if (row.status === 'draft') throw notFound({ zh: '未找到该会议', en: 'No such meeting' });
    const view = ownerMeetingView(row, await loadAgenda(deps.db, meetingId));
    return c.json({ ...view, attendance: await publicAttendance(deps, row) }, 200);
  });
}
