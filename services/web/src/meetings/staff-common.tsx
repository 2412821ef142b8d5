/** What the committee's meeting pages share: the guard, the navigation, refusals as pages. */
import type { Context } from 'hono';
import type { ApiError } from '../api.ts';
import {
  apiErrorPage,
  committeeGuard,
  communityLinks,
  isCommittee,
  uuidPattern,
} from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import { messagePage } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import { staffTexts } from '../staff/texts.ts';

/** `/staff/c/{communityId}/meetings`. */
export const meetingsBase = (communityId: string) => `/staff/c/${communityId}/meetings`;

/** The community's navigation (its meetings among it), the committee's links for the committee. */
export const meetingLinks = (c: Context<StaffSessionEnv>, lang: Lang, communityId: string) =>
  communityLinks(lang, communityId, isCommittee(c, communityId));

/**
 * The community of the path against the session (404 elsewhere); committee roles unless
 * `anyStaff` (reading the list, a meeting and its attendance is open to all staff there).
 */
export const guard = (c: Context<StaffSessionEnv>, options: { anyStaff?: boolean } = {}) =>
  committeeGuard(c, options);

/** The meetings service's refusal as a page, with the community's navigation. */
export const serviceErrorPage = (
  c: Context<StaffSessionEnv>,
  lang: Lang,
  error: ApiError,
  communityId: string,
) => apiErrorPage(c, lang, error, meetingLinks(c, lang, communityId));

/** {@link guard} and the `{meetingId}` of the path (not an id: the 404 page). */
export function meetingGuard(c: Context<StaffSessionEnv>, anyStaff: boolean) {
  const g = guard(c, { anyStaff });
  if (!g.ok) return { response: g.response };
  const meetingId = c.req.param('meetingId') ?? '';
  if (!uuidPattern.test(meetingId)) {
    const s = staffTexts[g.lang];
    const links = meetingLinks(c, g.lang, g.communityId);
    return { response: messagePage(c, g.lang, 404, s.notFoundTitle, s.notFound, links) };
  }
  return { g, meetingId };
}
