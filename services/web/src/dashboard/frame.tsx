/** The frame of the dashboard's pages: the staff navigation, its own style, script and CSP. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../i18n.ts';
import { type NavLink, StaffNav, switchHref } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import { DashboardLayout, dashboardCsp } from './layout.tsx';
import { dashboardTexts } from './texts.ts';

export function dashboardPage(
  c: Context<StaffSessionEnv>,
  props: {
    lang: Lang;
    title: string;
    links?: NavLink[];
    status?: ContentfulStatusCode;
    live?: boolean;
  },
  body: Child,
) {
  const nav = <StaffNav c={c} lang={props.lang} links={props.links ?? []} />;
  const html = (
    <DashboardLayout
      lang={props.lang}
      title={props.title}
      product={dashboardTexts[props.lang].product}
      switchHref={switchHref(c, props.lang)}
      nav={nav}
      live={props.live ?? false}
    >
      {body}
    </DashboardLayout>
  );
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'same-origin');
  // Its own policy: the app's default one (no script at all) is set only where none is.
  c.header('content-security-policy', dashboardCsp);
  return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
}
