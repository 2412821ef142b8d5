/** The frame of every staff page: header, navigation, sign-out, CSRF field, pager. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../i18n.ts';
import { Layout } from '../views/layout.tsx';
import { csrfToken, type StaffSessionEnv } from './session.ts';
import { staffTexts } from './texts.ts';

/** The hidden `_csrf` field every staff form carries. */
export const CsrfInput = (props: { c: Context }) => (
  <input type="hidden" name="_csrf" value={csrfToken(props.c)} />
);

/** The same page in the other language (the choice is remembered in a cookie). */
export function switchHref(c: Context, lang: Lang) {
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang === 'zh' ? 'en' : 'zh');
  return `${url.pathname}?${url.searchParams}`;
}

export interface NavLink {
  href: string;
  label: string;
}

/**
 * The navigation bar of the staff pages: "home", then `links`, then who is signed in and the
 * sign-out button.
 */
export function StaffNav(props: { c: Context<StaffSessionEnv>; lang: Lang; links: NavLink[] }) {
  const t = staffTexts[props.lang];
  const staff = props.c.get('staff');
  return (
    <nav class="staff" aria-label={t.home}>
      <a href="/staff">{t.home}</a>
      {props.links.map((l) => (
        <a href={l.href}>{l.label}</a>
      ))}
      {staff ? (
        <form class="inline" method="post" action="/staff/sign-out">
          <CsrfInput c={props.c} />
          <span class="muted">{t.signedInAs(staff.displayName)} </span>
          <button class="link" type="submit">
            {t.signOut}
          </button>
        </form>
      ) : null}
    </nav>
  );
}

/** Renders a staff page; `links` go into the navigation bar after "home". */
export function staffPage(
  c: Context<StaffSessionEnv>,
  props: { lang: Lang; title: string; links?: NavLink[]; status?: ContentfulStatusCode },
  body: Child,
) {
  const t = staffTexts[props.lang];
  const nav = <StaffNav c={c} lang={props.lang} links={props.links ?? []} />;
  const html = (
    <Layout
      lang={props.lang}
      title={props.title}
      product={t.product}
      switchHref={switchHref(c, props.lang)}
      staff={{ nav }}
    >
      {body}
    </Layout>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'same-origin');
  return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
}

/** "Next page" / "first page" links of a cursor-paginated list. */
export function Pager(props: {
  lang: Lang;
  base: string;
  param?: string;
  cursor: string | undefined;
  nextCursor: string | null;
}) {
  const t = staffTexts[props.lang];
  const param = props.param ?? 'cursor';
  const url = (cursor: string | null) => {
    const u = new URL(props.base, 'http://x');
    if (cursor) u.searchParams.set(param, cursor);
    else u.searchParams.delete(param);
    const q = u.searchParams.toString();
    return `${u.pathname}${q ? `?${q}` : ''}`;
  };
  if (!props.cursor && !props.nextCursor) return null;
  return (
    <p class="pager">
      {props.cursor ? <a href={url(null)}>{t.firstPage}</a> : null}
      {props.nextCursor ? <a href={url(props.nextCursor)}>{t.next}</a> : null}
    </p>
  );
}

/** A refusal as a page. */
export function messagePage(
  c: Context<StaffSessionEnv>,
  lang: Lang,
  status: ContentfulStatusCode,
  title: string,
  message: string,
  links: NavLink[] = [],
) {
  return staffPage(
    c,
    { lang, title, status, links },
    <>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {message}
      </p>
    </>,
  );
}
