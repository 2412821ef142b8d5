/** What the owner's and the staff member's proposals pages share: parsing forms, paths, refusals. */
import type { ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { ownerPath } from '../owner/frame.tsx';
import {
  type ProposalCategory,
  type ProposalStatus,
  proposalCategories,
  proposalStatuses,
} from './client.ts';
import { type ProposalTexts, proposalTexts, type Refusal } from './texts.ts';
import type { Paths } from './views.tsx';

/**
 * The community an owner page token speaks for, read from its `cid` claim without verifying it:
 * only to build the service's path. The proposals service verifies the token and refuses a
 * token of another community, so a forged claim reaches nothing.
 */
export function communityOfToken(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      cid?: unknown;
    };
    return typeof claims.cid === 'string' && /^[0-9a-f-]{36}$/i.test(claims.cid)
      ? claims.cid
      : null;
  } catch {
    return null;
  }
}

/** What the proposals service's refusal means for an owner's page. */
export function refusalOf(error: ApiError): Refusal {
  const reason = typeof error.details.reason === 'string' ? error.details.reason : '';
  if (error.status === 401) return reason === 'link_revoked' ? 'link_revoked' : 'link_invalid';
  if (error.status === 403 && reason === 'not_current_owner') return 'not_current_owner';
  if (error.status === 404) return 'not_found';
  return 'unavailable';
}

export const refusalStatus = {
  cross_site: 403,
  link_invalid: 401,
  link_revoked: 401,
  not_current_owner: 403,
  not_found: 404,
  unavailable: 503,
} as const satisfies Record<Refusal, number>;

/** A form field's string value, trimmed ('' when absent or a file). */
export const field = (form: Record<string, unknown>, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** A form's uploaded files under `name` that are not empty. */
export function filesOf(form: Record<string, unknown>, name: string): File[] {
  const value = form[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is File => v instanceof File && v.size > 0);
}

export const statusOf = (value: string | undefined): ProposalStatus | undefined =>
  (proposalStatuses as readonly string[]).includes(value ?? '')
    ? (value as ProposalStatus)
    : undefined;

export const cursorOf = (value: string | undefined) =>
  value && value.length <= 512 && /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;

/** Field problems of a proposal form, in the page's language (empty when it can be sent). */
export interface ProposalValues {
  title: string;
  description: string;
  category: string;
  item: string;
}

export function checkProposal(v: ProposalValues, t: ProposalTexts) {
  const errors: Partial<Record<keyof ProposalValues, string>> = {};
  if (!v.title) errors.title = t.required;
  else if ([...v.title].length > 100) errors.title = t.tooLong(100);
  if (!v.description) errors.description = t.required;
  else if ([...v.description].length > 10_000) errors.description = t.tooLong(10_000);
  if (!(proposalCategories as readonly string[]).includes(v.category)) errors.category = t.required;
  if (v.item && !/^[1-9]$/.test(v.item)) errors.item = t.required;
  return errors;
}

export const categoryOf = (v: string) => v as ProposalCategory;

/** The one-line notices after a redirect (`?done=…`), from a fixed list. */
export function doneMessage(value: string | undefined, t: ProposalTexts): string | null {
  const messages: Record<string, string> = {
    submitted: t.submitted,
    cosigned: t.cosignedNow,
    already: t.alreadyCosigned,
    commented: t.commented,
    hidden: t.hidden,
    moved: t.moved,
    published: t.published,
    recorded: t.recorded,
    posted: t.wishPosted,
    claimed: t.claimed,
    fulfilled: t.done,
  };
  return value && Object.hasOwn(messages, value) ? messages[value]! : null;
}

/** Paths of the owner's pages under `/o/{token}`. */
export function ownerPaths(token: string, lang: Lang): Paths {
  return {
    list: (q = {}) => ownerPath(token, lang, '/proposals', q),
    proposal: (id, q = {}) => ownerPath(token, lang, `/proposals/${id}`, q),
    file: (pid, fid) => ownerPath(token, lang, `/proposals/${pid}/files/${fid}`),
    ledger: (pid) => ownerPath(token, lang, `/proposals/${pid}/ledger`),
    print: (pid) => ownerPath(token, lang, `/proposals/${pid}/ledger/print`),
    csv: (pid) => `/o/${token}/proposals/${pid}/ledger.csv`,
  };
}

const withQuery = (path: string, q: Record<string, string> = {}) => {
  const s = new URLSearchParams(q).toString();
  return s ? `${path}?${s}` : path;
};

/** `/staff/c/{communityId}/proposals…` (the language is remembered in a cookie). */
export const staffBase = (communityId: string) => `/staff/c/${communityId}`;

export function staffPaths(communityId: string): Paths {
  const base = `${staffBase(communityId)}/proposals`;
  return {
    list: (q) => withQuery(base, q),
    proposal: (id, q) => withQuery(`${base}/${id}`, q),
    file: (pid, fid) => `${base}/${pid}/files/${fid}`,
    ledger: (pid) => `${base}/${pid}/ledger`,
    print: (pid) => `${base}/${pid}/ledger/print`,
    csv: (pid) => `${base}/${pid}/ledger.csv`,
  };
}

export { proposalTexts };
