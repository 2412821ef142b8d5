/**
 * The sections of the owner's home page `/o/{token}`, in order: the extension point of the pages
 * reached through the owner link. A section renders from the owner (their community and units,
 * already fetched) and its own service; it answers `null` to stay out of the page. A section that
 * fails renders its own short notice, so one service being down never hides the others.
 *
 * To add one (the proposals pages): write `proposalsSection(deps): OwnerSection` in your folder
 * and put it in `ownerSections` in place of `proposalsPlaceholder`.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Lang } from '../i18n.ts';
import type { MeetingsClient, OwnerProfile } from '../meetings/client.ts';
import { upcomingMeetingsSection } from '../meetings/owner-section.tsx';
import type { ProposalsClient } from '../proposals/client.ts';
import { proposalsSection } from '../proposals/owner-section.tsx';
import { proposalsPlaceholder } from './placeholder.tsx';

export interface OwnerSectionContext {
  c: Context;
  /** The owner page token (forward it as `Authorization: Bearer`; never log it). */
  token: string;
  lang: Lang;
  owner: OwnerProfile;
  now: Date;
}

export interface OwnerSection {
  /** The `id` of the section's heading, for in-page links. */
  id: string;
  render(ctx: OwnerSectionContext): Promise<Child | null> | Child | null;
}

export interface OwnerSectionDeps {
  meetings: MeetingsClient;
  /** The proposals service (absent: the placeholder stands in its place). */
  proposals?: ProposalsClient;
}

/** The home page's sections after the owner's units. */
export function ownerSections(deps: OwnerSectionDeps): OwnerSection[] {
  return [
    upcomingMeetingsSection(deps.meetings),
    deps.proposals ? proposalsSection(deps.proposals) : proposalsPlaceholder,
  ];
}
