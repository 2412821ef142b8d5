/** What the committee pages share: their dependencies, the role check, times, error lists. */
import { canAccessCommunity, hasRoleIn } from '@yishi/auth';
import type { Context } from 'hono';
import type { ApiError } from '../api.ts';
import type { BallotsStaffClient } from '../ballots-staff-client.ts';
import type { DirectoryClient } from '../directory-client.ts';
import { formatInstant, type Lang } from '../i18n.ts';
import { meetingStaffTexts } from '../meetings/staff-texts.ts';
import { messagePage, type NavLink } from '../staff/frame.tsx';
import { type StaffSessionEnv, staffLang } from '../staff/session.ts';
import { staffTexts } from '../staff/texts.ts';
import { committeeTexts } from './texts.ts';

export interface CommitteeDeps {
  directory: DirectoryClient;
  ballots: BallotsStaffClient;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Guarded =
  | { ok: true; lang: Lang; communityId: string; token: string }
  | { ok: false; response: Response | Promise<Response> };

/**
 * The community of the path, checked against the session: unknown or foreign communities are a
 * 404 page (as the services answer), a community where the person holds no committee role a 403.
 */
export function committeeGuard(
  c: Context<StaffSessionEnv>,
  options: { anyStaff?: boolean } = {},
): Guarded {
  const lang = staffLang(c);
  const t = staffTexts[lang];
  const communityId = c.req.param('communityId') ?? '';
  const { claims, accessToken } = c.get('staff');
  if (!uuidPattern.test(communityId) || !canAccessCommunity(claims, communityId)) {
    return { ok: false, response: messagePage(c, lang, 404, t.notFoundTitle, t.notFound) };
  }
  if (!options.anyStaff && !isCommittee(c, communityId)) {
    return { ok: false, response: messagePage(c, lang, 403, t.forbiddenTitle, t.forbidden) };
  }
  return { ok: true, lang, communityId, token: accessToken };
}

/**
 * Whether the signed-in person may act for the committee in the community (draft and run ballots,
 * import the roster, call meetings); the Party secretary and grid workers only follow along.
 */
export function isCommittee(c: Context<StaffSessionEnv>, communityId: string): boolean {
  const { claims } = c.get('staff');
  return hasRoleIn(claims, communityId, 'committee_admin', 'committee_member', 'platform_admin');
}

/**
 * The navigation bar of every staff page in a community: its home (the ballots, each with its
 * live dashboard once open), its meetings and, for the committee, the roster import. Pages that
 * other staff see too pass `committee` ({@link isCommittee}); those behind the committee's guard
 * need not.
 */
export function communityLinks(lang: Lang, communityId: string, committee = true): NavLink[] {
  const t = committeeTexts[lang];
  return [
    { href: `/staff/c/${communityId}`, label: t.ballots },
    { href: `/staff/c/${communityId}/meetings`, label: meetingStaffTexts[lang].meetings },
    ...(committee ? [{ href: `/staff/c/${communityId}/roster/import`, label: t.roster }] : []),
  ];
}

/** A service's refusal as a page (its own sentence when it gave one). */
export function apiErrorPage(
  c: Context<StaffSessionEnv>,
  lang: Lang,
  error: ApiError,
  links: NavLink[] = [],
) {
  const t = staffTexts[lang];
  if (error.status === 404) return messagePage(c, lang, 404, t.notFoundTitle, t.notFound, links);
  if (error.status === 403) {
    return messagePage(c, lang, 403, t.forbiddenTitle, error.message ?? t.forbidden, links);
  }
  if (error.status >= 500) return messagePage(c, lang, 503, t.unavailable, t.unavailable, links);
  return messagePage(
    c,
    lang,
    error.status === 409 ? 409 : 400,
    staffTexts[lang].csrfTitle,
    errorSentence(error, lang),
    links,
  );
}

/** The service's sentence and, for validation, each issue with its field. */
export function errorSentence(error: ApiError, lang: Lang): string {
  const issues = Array.isArray(error.details.issues)
    ? (error.details.issues as { path?: unknown[]; message?: string }[])
    : [];
  const parts = [error.message ?? staffTexts[lang].unavailable];
  for (const issue of issues.slice(0, 10)) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
    parts.push(`${path ? `${path}: ` : ''}${issue.message ?? ''}`);
  }
  if (typeof error.details.reason === 'string' && issues.length === 0 && !error.message) {
    parts.push(error.details.reason);
  }
  return parts.join(' · ');
}

const BEIJING_MS = 8 * 3_600_000;

/** An instant as the value of a `datetime-local` input in Beijing time. */
export const toLocalInput = (iso: string | null | undefined) =>
  iso ? new Date(Date.parse(iso) + BEIJING_MS).toISOString().slice(0, 16) : '';

/** A `datetime-local` value read as Beijing time, or null. */
export function fromLocalInput(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = new Date(`${value}:00+08:00`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export const when = (iso: string | null | undefined, lang: Lang) =>
  iso ? formatInstant(iso, lang) : '';

/** A form field's string value, trimmed ('' when absent or a file). */
export const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};
