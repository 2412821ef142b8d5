/** Sign-in, sign-out and the list of the staff member's communities. */
import { rolesIn } from '@yishi/auth';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../i18n.ts';
import { CsrfInput, messagePage, staffPage } from './frame.tsx';
import {
  clearSessionCookies,
  cookieNames,
  requireStaffSession,
  type StaffSessionEnv,
  safeNext,
  setSessionCookies,
  staffLang,
} from './session.ts';
import { staffTexts } from './texts.ts';

function signInForm(
  c: Context<StaffSessionEnv>,
  lang: Lang,
  next: string,
  extra: { login?: string; error?: string; status?: ContentfulStatusCode } = {},
) {
  const t = staffTexts[lang];
  return staffPage(
    c,
    { lang, title: t.signInTitle, ...(extra.status ? { status: extra.status } : {}) },
    <>
      <h1>{t.signInTitle}</h1>
      <p>{t.signInLead}</p>
      {extra.error ? (
        <p class="error" role="alert" id="sign-in-error">
          {extra.error}
        </p>
      ) : null}
      <form method="post" action={`/staff/sign-in?${new URLSearchParams({ next })}`}>
        <CsrfInput c={c} />
        <label class="field" for="login">
          {t.login}
        </label>
        <input
          type="text"
          id="login"
          name="login"
          autocomplete="username"
          required
          autofocus
          value={extra.login ?? ''}
          {...(extra.error ? { 'aria-describedby': 'sign-in-error' } : {})}
        />
        <label class="field" for="password">
          {t.password}
        </label>
        <input
          type="password"
          id="password"
          name="password"
          autocomplete="current-password"
          required
        />
        <button type="submit">{t.signIn}</button>
      </form>
    </>,
  );
}

/** `/staff/sign-in`, `/staff/sign-out` and `/staff` (the communities). */
export function staffPages() {
  const app = new Hono<StaffSessionEnv>();

  app.get('/staff/sign-in', (c) => {
    const lang = staffLang(c);
    const next = safeNext(c.req.query('next'));
    const ended = c.req.query('ended') === '1';
    return signInForm(c, lang, next, ended ? { error: staffTexts[lang].sessionEnded } : {});
  });

  app.post('/staff/sign-in', async (c) => {
    const lang = staffLang(c);
    const t = staffTexts[lang];
    const next = safeNext(c.req.query('next'));
    const form = await c.req.parseBody();
    const login = typeof form.login === 'string' ? form.login.trim().slice(0, 128) : '';
    const password = typeof form.password === 'string' ? form.password.slice(0, 1024) : '';
    if (!login || !password) {
      return signInForm(c, lang, next, { login, error: t.missingFields, status: 400 });
    }
    const answer = await c.get('staffSessions').directory.signIn({ login, password }, lang);
    if (answer.ok) {
      setSessionCookies(c, answer.value);
      return c.redirect(next, 303);
    }
    const { status, details } = answer.error;
    if (status === 429) {
      const retry = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 30;
      c.header('retry-after', String(Math.ceil(retry)));
      return signInForm(c, lang, next, { login, error: t.locked(retry), status: 429 });
    }
    if (status === 403) return signInForm(c, lang, next, { login, error: t.disabled, status: 403 });
    if (status === 401 || status === 400) {
      return signInForm(c, lang, next, { login, error: t.badCredentials, status: 401 });
    }
    return signInForm(c, lang, next, { login, error: t.unavailable, status: 503 });
  });

  app.post('/staff/sign-out', async (c) => {
    const refresh = getCookie(c, cookieNames.refresh);
    // The directory ends the whole family; the cookies go whatever it answers.
    if (refresh) await c.get('staffSessions').directory.signOut(refresh);
    clearSessionCookies(c);
    return c.redirect('/staff/sign-in', 303);
  });

  app.get('/staff', requireStaffSession(), async (c) => {
    const lang = staffLang(c);
    const t = staffTexts[lang];
    const { accessToken, claims } = c.get('staff');
    const answer = await c.get('staffSessions').directory.communities(accessToken);
    if (!answer.ok) return messagePage(c, lang, 503, t.communitiesTitle, t.unavailable);
    const communities = answer.value.items;
    if (communities.length === 1) return c.redirect(`/staff/c/${communities[0]!.id}`, 303);
    return staffPage(
      c,
      { lang, title: t.communitiesTitle },
      <>
        <h1>{t.communitiesTitle}</h1>
        {communities.length === 0 ? (
          <p>{t.noCommunities}</p>
        ) : (
          <>
            <p>{t.communitiesLead}</p>
            <ul>
              {communities.map((community) => (
                <li>
                  <a href={`/staff/c/${community.id}`}>{community.name}</a>{' '}
                  <span class="muted">
                    {[community.street, community.neighbourhood].filter(Boolean).join(' · ')}{' '}
                    {rolesIn(claims, community.id)
                      .map((r) => t.roles[r] ?? r)
                      .join('、')}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </>,
    );
  });

  return app;
}
