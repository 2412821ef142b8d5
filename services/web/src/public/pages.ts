/**
 * The public pages that every notification links to: `/m/{meetingId}` (meeting notice,
 * cancellation, minutes) and `/p/{proposalId}` (threshold reached, decision). No token: messages
 * are forwarded in WeChat groups, so the pages show only the services' public views.
 */
import { Hono } from 'hono';
import type { MeetingsClient } from '../meetings/client.ts';
import type { ProposalsClient } from '../proposals/client.ts';
import { publicMeetingPage } from './meeting-page.tsx';
import { publicProposalPages } from './proposal-page.tsx';

export function publicPages(deps: {
  meetings?: MeetingsClient | undefined;
  proposals?: ProposalsClient | undefined;
  now?: () => Date;
}) {
  const app = new Hono();
  if (deps.meetings) app.route('/', publicMeetingPage({ meetings: deps.meetings }));
  if (deps.proposals) {
    app.route(
      '/',
      publicProposalPages({ proposals: deps.proposals, ...(deps.now ? { now: deps.now } : {}) }),
    );
  }
  return app;
}
