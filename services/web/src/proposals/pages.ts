/**
 * Every proposals page, mounted by `createWebApp` when it has a proposals client: the owner's
 * pages through the owner link (`/o/{token}/proposals…`, `/o/{token}/wishes`) and, with staff
 * sessions, the staff pages under `/staff/c/{communityId}/proposals…` and `…/wishes`.
 */
import { Hono } from 'hono';
import type { StaffSessionEnv } from '../staff/session.ts';
import type { ProposalsClient } from './client.ts';
import { ownerProposalPages } from './owner-pages.tsx';
import { staffProposalPages } from './staff-pages.tsx';

export interface ProposalPagesDeps {
  proposals: ProposalsClient;
  /** Whether staff sessions are installed (then the staff pages are served too). */
  staff: boolean;
  now?: () => Date;
}

export function proposalsPages(deps: ProposalPagesDeps) {
  const app = new Hono<StaffSessionEnv>();
  const clock = deps.now ? { now: deps.now } : {};
  app.route('/', ownerProposalPages({ proposals: deps.proposals, ...clock }));
  if (deps.staff) app.route('/', staffProposalPages({ proposals: deps.proposals, ...clock }));
  return app;
}
