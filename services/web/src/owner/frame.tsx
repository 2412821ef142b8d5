/**
 * The frame of the owner's pages reached through the owner page link `/o/{token}`: the token is a
 * bearer secret, so every page is `no-store`, sends no referrer and is not indexed; request logs
 * carry the route pattern only (`@yishi/app`).
 */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { meetingTexts, type Refusal } from '../meetings/texts.ts';
import { Layout } from '../views/layout.tsx';

/** An owner page token as the directory signs it: a compact JWS. */
const ownerTokenPattern = /^[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{10,2000}\.[A-Za-z0-9_-]{20,200}$/;
export const isOwnerToken = (token: string | undefined): token is string =>
  token !== undefined && ownerTokenPattern.test(token);

/** The cookie that lets the door's QR code (`/m/{id}/check-in`) know whose phone scans it. */
export const ownerCookie = 'yishi_owner';
const OWNER_COOKIE_DAYS = 180;

/** `/o/{token}{suffix}`, keeping the language. */
export function ownerPath(
  token: string,
  lang: Lang,
  suffix = '',
  query: Record<string, string> = {},
): string {
  const params = new URLSearchParams(query);
  if (lang === 'en') params.set('lang', 'en');
  const search = params.toString();
  return `/o/${token}${suffix}${search ? `?${search}` : ''}`;
}

/** The same page in the other language. */
export function otherLangHref(c: Context, lang: Lang) {
  const url = new URL(c.req.url);
  if (lang === 'zh') url.searchParams.set('lang', 'en');
  else url.searchParams.delete('lang');
  const search = url.searchParams.toString();
  return `${url.pathname}${search ? `?${search}` : ''}`;
}

/** Renders an owner's page with the headers a bearer link needs. */
export function ownerPage(
  c: Context,
  props: { lang: Lang; title: string; status?: ContentfulStatusCode },
  body: Child,
) {
  const html = (
    <Layout
      lang={props.lang}
      title={props.title}
      product={meetingTexts[props.lang].product}
      switchHref={otherLangHref(c, props.lang)}
    >
      {body}
    </Layout>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  c.header('x-robots-tag', 'noindex');
  return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
}

/** Remembers the owner link on this phone for the door's QR code (httpOnly, only under `/m/`). */
export function rememberOwner(c: Context, token: string) {
  const url = new URL(c.req.url);
  setCookie(c, ownerCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: url.protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    path: '/m/',
    maxAge: OWNER_COOKIE_DAYS * 86_400,
  });
}

const refusalStatus: Record<Refusal, ContentfulStatusCode> = {
  code_wrong: 403,
  not_yet: 409,
  held_in_writing: 409,
  no_units: 400,
  link_invalid: 401,
  link_revoked: 401,
  not_found: 404,
  closed: 409,
  unavailable: 503,
};

/** What a refusal of the meetings service means for the owner. */
export function refusalOf(error: ApiError): Refusal {
  const reason = typeof error.details.reason === 'string' ? error.details.reason : '';
  if (error.status === 401) return reason === 'link_revoked' ? 'link_revoked' : 'link_invalid';
  if (error.status >= 500) return 'unavailable';
  if (Object.hasOwn(refusalStatus, reason)) return reason as Refusal;
  if (reason === 'invalid_transition') return 'closed';
  if (error.status === 404) return 'not_found';
  return error.status === 403 ? 'code_wrong' : 'unavailable';
}

/** A refusal as a page with a sentence the owner can act on. */
export function refusedPage(
  c: Context,
  lang: Lang,
  refusal: Refusal,
  back?: { href: string; label: string },
) {
  const t = meetingTexts[lang];
  return ownerPage(
    c,
    { lang, title: t.errorTitle, status: refusalStatus[refusal] },
    <>
      <h1>{t.errorTitle}</h1>
      <p class="error" role="alert">
        {t.refusals[refusal]}
      </p>
      <p>{t.help}</p>
      {back ? <a href={back.href}>{back.label}</a> : null}
    </>,
  );
}
