/**
 * Every page of meetings and of the owner's home, mounted by `createWebApp` when it has a
 * meetings client: the owner's pages through the owner link (`/o/{token}…`, `/m/{id}/check-in`)
 * and, with staff sessions, the committee's pages under `/staff/c/{communityId}/meetings…`.
 */
import { Hono } from 'hono';
import { ownerHome } from '../owner/home.tsx';
import { type OwnerSectionDeps, ownerSections } from '../owner/sections.ts';
import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import type { MeetingsClient } from './client.ts';
import { ownerMeetingPages } from './owner-pages.tsx';
import { meetingAttendancePages } from './staff-attendance.tsx';
import { meetingDraftPages } from './staff-draft.tsx';
import { meetingStaffPages } from './staff-meeting.tsx';

/** `proposals`, when given, fills the home page's proposals section (see `ownerSections`). */
export interface MeetingPagesDeps extends OwnerSectionDeps {
  meetings: MeetingsClient;
  /** Whether staff sessions are installed (then the committee's pages are served too). */
  staff: boolean;
  now?: () => Date;
}

export function meetingsPages(deps: MeetingPagesDeps) {
  const app = new Hono<StaffSessionEnv>();
  const clock = deps.now ? { now: deps.now } : {};
  app.route('/', ownerHome({ meetings: deps.meetings, sections: ownerSections(deps), ...clock }));
  app.route('/', ownerMeetingPages({ meetings: deps.meetings, ...clock }));
  if (deps.staff) {
    // The address the issue names, kept as an alias of the committee's `/staff/c/…` pages.
    const alias = (c: { req: { url: string } }) => {
      const url = new URL(c.req.url);
      return `${url.pathname.replace(/^\/staff\/communities\//, '/staff/c/')}${url.search}`;
    };
    app.get('/staff/communities/:communityId/meetings', (c) => c.redirect(alias(c), 308));
    app.get('/staff/communities/:communityId/meetings/*', (c) => c.redirect(alias(c), 308));
    app.use('/staff/c/:communityId/meetings', requireStaffSession());
    app.use('/staff/c/:communityId/meetings/*', requireStaffSession());
    app.route('/', meetingDraftPages(deps));
    app.route('/', meetingStaffPages(deps));
    app.route('/', meetingAttendancePages(deps));
  }
  return app;
}
