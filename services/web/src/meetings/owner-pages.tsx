/**
 * The owner's meeting pages, through the owner link: the schedule, a meeting's notice with its
 * agenda and (once published) minutes and decisions, and the sign-in with the door's code. The
 * door's QR code opens `/m/{meetingId}/check-in?code=…`, which knows the owner by the link this
 * phone opened before (an httpOnly cookie scoped to `/m/`). Plain forms, no script.
 */
import type { AppEnv } from '@yishi/app';
import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { formatInstant, type Lang, langOf } from '../i18n.ts';
import {
  isOwnerToken,
  ownerCookie,
  ownerPage,
  ownerPath,
  refusalOf,
  refusedPage,
} from '../owner/frame.tsx';
import { csrfMatches, csrfToken } from '../staff/session.ts';
import type { MeetingsClient, OwnerMeeting, OwnerProfile, Recorded } from './client.ts';
import { MeetingCard, upcoming } from './owner-section.tsx';
import { meetingTexts, type Refusal } from './texts.ts';
import {
  Agenda,
  beijingDay,
  formatDay,
  kindLine,
  MeetingFacts,
  MeetingHead,
  MeetingMinutes,
} from './views.tsx';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const codePattern = /^[A-Za-z0-9]{4,64}$/;

/** Where the proposals pages show a proposal to the owner (`/o/{token}/proposals/{id}`). */
export const ownerProposalPath = (token: string, lang: Lang) => (proposalId: string) =>
  ownerPath(token, lang, `/proposals/${proposalId}`);

const takesSignIn = (m: OwnerMeeting) =>
  m.form === 'in_person' && (m.status === 'notice_published' || m.status === 'held');

/** The code typed or scanned, as the service compares it. */
const cleanCode = (value: unknown) =>
  typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : '';

function CheckInForm(props: {
  action: string;
  lang: Lang;
  code: string;
  error?: string | undefined;
  /** The code came from the door's QR: only one tap is left. */
  hidden?: boolean;
  /** The form's CSRF token where a cookie, not the path, says who the owner is (`/m/…`). */
  csrf?: string | undefined;
}) {
  const t = meetingTexts[props.lang];
  return (
    <form method="post" action={props.action}>
      {props.csrf ? <input type="hidden" name="_csrf" value={props.csrf} /> : null}
      {props.error ? (
        <p class="error" role="alert" id="code-error">
          {props.error}
        </p>
      ) : null}
      {props.hidden ? (
        <input type="hidden" name="code" value={props.code} />
      ) : (
        <>
          <label for="code">
            <strong>{t.codeLabel}</strong>
          </label>
          <p class="muted" id="code-hint">
            {t.codeHint}
          </p>
          <input
            class="rc"
            type="text"
            id="code"
            name="code"
            value={props.code}
            required
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            maxlength={64}
            aria-describedby={props.error ? 'code-hint code-error' : 'code-hint'}
            {...(props.error ? { 'aria-invalid': 'true' } : {})}
          />
        </>
      )}
      <button type="submit">{t.signIn}</button>
    </form>
  );
}

function SignedIn(props: { recorded: Recorded; lang: Lang; title: string }) {
  const t = meetingTexts[props.lang];
  const r = props.recorded;
  return (
    <>
      <h1>{r.created ? t.signedIn : t.alreadySignedIn}</h1>
      <p class="decision formed">✓ {props.title}</p>
      <p>{t.signedInAt(formatInstant(r.recordedAt, props.lang))}</p>
      <h2>{t.signedInUnits}</h2>
      <ul class="units">
        {r.units.map((u) => (
          <li>{t.unit(u.building, u.entrance, u.room)}</li>
        ))}
      </ul>
    </>
  );
}

export function ownerMeetingPages(deps: { meetings: MeetingsClient; now?: () => Date }) {
  const now = () => deps.now?.() ?? new Date();
  const app = new Hono<AppEnv>();

  /** The meeting through the link, or the refusal page to return. */
  async function load(c: Context<AppEnv>, lang: Lang) {
    const { token, meetingId } = c.req.param() as { token: string; meetingId: string };
    if (!isOwnerToken(token)) return { page: refusedPage(c, lang, 'link_invalid') };
    if (!uuidPattern.test(meetingId)) return { page: refusedPage(c, lang, 'not_found') };
    const answer = await deps.meetings.ownerMeeting(token, meetingId, lang);
    if (!answer.ok) {
      const refusal = refusalOf(answer.error);
      const home = { href: ownerPath(token, lang), label: meetingTexts[lang].backHome };
      return { page: refusedPage(c, lang, refusal, refusal === 'not_found' ? home : undefined) };
    }
    return { token, meeting: answer.value };
  }

  app.get('/o/:token/meetings', async (c) => {
    const token = c.req.param('token');
    const lang = langOf(c.req.query('lang'));
    const t = meetingTexts[lang];
    if (!isOwnerToken(token)) return refusedPage(c, lang, 'link_invalid');
    const cursor = c.req.query('cursor');
    const answer = await deps.meetings.ownerMeetings(token, lang, {
      cursor: cursor && cursor.length < 500 ? cursor : undefined,
    });
    if (!answer.ok) return refusedPage(c, lang, refusalOf(answer.error));
    const soon = cursor ? [] : upcoming(answer.value.items, now());
    const rest = answer.value.items.filter((m) => !soon.includes(m));
    const next = answer.value.nextCursor;
    return ownerPage(
      c,
      { lang, title: t.scheduleTitle },
      <>
        <p>
          <a href={ownerPath(token, lang)}>{t.backHome}</a>
        </p>
        <h1>{t.scheduleTitle}</h1>
        {cursor ? null : (
          <section aria-labelledby="upcoming">
            <h2 id="upcoming">{t.upcoming}</h2>
            {soon.length === 0 ? <p>{t.noUpcoming}</p> : null}
            {soon.map((m) => (
              <MeetingCard meeting={m} token={token} lang={lang} />
            ))}
          </section>
        )}
        <section aria-labelledby="past">
          <h2 id="past">{t.past}</h2>
          {rest.length === 0 ? (
            <p>{soon.length > 0 ? t.noPast : t.noMeetings}</p>
          ) : (
            <ul class="files">
              {rest.map((m) => (
                <li>
                  <a href={ownerPath(token, lang, `/meetings/${m.id}`)}>{m.title}</a>
                  <br />
                  <span class="muted">
                    {formatDay(beijingDay(m.startsAt), lang)} · {kindLine(m, lang)} ·{' '}
                    {t.status[m.status]}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {next ? (
            <p>
              <a href={ownerPath(token, lang, '/meetings', { cursor: next })}>{t.next}</a>
            </p>
          ) : null}
        </section>
      </>,
    );
  });

  app.get('/o/:token/meetings/:meetingId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const t = meetingTexts[lang];
    const loaded = await load(c, lang);
    if (!loaded.meeting) return loaded.page;
    const { token, meeting: m } = loaded;
    const meetingDay = beijingDay(m.startsAt);
    const dayHasCome = beijingDay(now()) >= meetingDay;
    return ownerPage(
      c,
      { lang, title: m.title },
      <>
        <p>
          <a href={ownerPath(token, lang)}>{t.backHome}</a>
        </p>
        <MeetingHead meeting={m} lang={lang} />
        {m.attended ? (
          <p class="ok" role="status">
            {t.attended}
          </p>
        ) : takesSignIn(m) ? (
          <section aria-labelledby="check-in">
            <h2 id="check-in">{t.checkIn}</h2>
            {dayHasCome ? (
              // A form, so the way in is a large button; it sends nothing but the language.
              <form method="get" action={ownerPath(token, 'zh', `/meetings/${m.id}/check-in`)}>
                {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
                <button type="submit">{t.checkIn}</button>
              </form>
            ) : (
              <p>
                {t.refusals.not_yet}（{formatDay(meetingDay, lang)}）
              </p>
            )}
            <p class="muted">{t.checkInOpen}</p>
          </section>
        ) : null}
        <h2>{t.agenda}</h2>
        <Agenda
          meeting={m}
          lang={lang}
          proposalHref={ownerProposalPath(token, lang)}
          headingLevel={3}
        />
        <MeetingMinutes meeting={m} lang={lang} />
        <p class="muted">{t.help}</p>
      </>,
    );
  });

  const checkInPage = (
    c: Context<AppEnv>,
    props: {
      lang: Lang;
      m: OwnerMeeting;
      action: string;
      back: string;
      code: string;
      error?: string;
      hidden?: boolean;
      csrf?: string;
      status?: ContentfulStatusCode;
      units?: OwnerProfile['units'];
    },
  ) => {
    const t = meetingTexts[props.lang];
    return ownerPage(
      c,
      { lang: props.lang, title: t.checkInTitle(props.m.title), status: props.status ?? 200 },
      <>
        <h1>{t.checkInTitle(props.m.title)}</h1>
        <MeetingFacts meeting={props.m} lang={props.lang} />
        {props.units && props.units.length > 0 ? (
          <>
            <p>{t.willSignIn}</p>
            <ul class="units">
              {props.units.map((u) => (
                <li>
                  <strong>{t.unit(u.building, u.entrance, u.room)}</strong>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <CheckInForm
          action={props.action}
          lang={props.lang}
          code={props.code}
          error={props.error}
          csrf={props.csrf}
          {...(props.hidden ? { hidden: true } : {})}
        />
        <p>
          <a href={props.back}>{t.backToMeeting}</a>
        </p>
      </>,
    );
  };

  /** Signs in and shows the result, or the form again with the reason. */
  async function signIn(
    c: Context<AppEnv>,
    lang: Lang,
    token: string,
    m: OwnerMeeting,
    code: string,
    form: { action: string; back: string; hidden?: boolean; csrf?: string },
  ) {
    const t = meetingTexts[lang];
    const again = (refusal: Refusal, status: ContentfulStatusCode) =>
      checkInPage(c, {
        lang,
        m,
        ...form,
        code,
        error: t.refusals[refusal],
        status,
        // A wrong code from the QR is shown so it can be corrected by hand.
        hidden: form.hidden === true && refusal !== 'code_wrong',
      });
    if (!codePattern.test(code)) return again('code_wrong', 400);
    const answer = await deps.meetings.ownerCheckIn(token, m.id, code, lang);
    if (!answer.ok) {
      const refusal = refusalOf(answer.error);
      if (refusal === 'code_wrong') return again(refusal, 403);
      return refusedPage(c, lang, refusal, { href: form.back, label: t.backToMeeting });
    }
    return ownerPage(
      c,
      { lang, title: answer.value.created ? t.signedIn : t.alreadySignedIn },
      <>
        <SignedIn recorded={answer.value} lang={lang} title={m.title} />
        <p>
          <a href={form.back}>{t.backToMeeting}</a>
        </p>
      </>,
    );
  }

  app.get('/o/:token/meetings/:meetingId/check-in', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const loaded = await load(c, lang);
    if (!loaded.meeting) return loaded.page;
    const { token, meeting: m } = loaded;
    const back = ownerPath(token, lang, `/meetings/${m.id}`);
    if (m.attended || !takesSignIn(m)) return c.redirect(back, 303);
    return checkInPage(c, {
      lang,
      m,
      action: ownerPath(token, lang, `/meetings/${m.id}/check-in`),
      back,
      code: cleanCode(c.req.query('code')).slice(0, 64),
    });
  });

  app.post('/o/:token/meetings/:meetingId/check-in', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const loaded = await load(c, lang);
    if (!loaded.meeting) return loaded.page;
    const { token, meeting: m } = loaded;
    const body = await c.req.parseBody();
    return signIn(c, lang, token, m, cleanCode(body.code), {
      action: ownerPath(token, lang, `/meetings/${m.id}/check-in`),
      back: ownerPath(token, lang, `/meetings/${m.id}`),
    });
  });

  // The door's QR code: the code is in the link, the owner is known by the link this phone opened.
  app.on(['GET', 'POST'], '/m/:meetingId/check-in', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const t = meetingTexts[lang];
    const meetingId = c.req.param('meetingId');
    const token = getCookie(c, ownerCookie);
    const body = c.req.method === 'POST' ? await c.req.parseBody() : {};
    const code = cleanCode(c.req.method === 'POST' ? body.code : c.req.query('code')).slice(0, 64);
    if (!uuidPattern.test(meetingId)) return refusedPage(c, lang, 'not_found');
    if (c.req.method === 'POST' && c.req.header('sec-fetch-site') === 'cross-site') {
      return refusedPage(c, lang, 'link_invalid');
    }
    // The cookie says who the owner is, so the form carries a token another site cannot know
    // (old phones send no Sec-Fetch-Site and may ignore SameSite).
    if (c.req.method === 'POST' && !csrfMatches(c, body._csrf)) {
      return ownerPage(
        c,
        { lang, title: t.formExpiredTitle, status: 403 },
        <>
          <h1>{t.formExpiredTitle}</h1>
          <p class="error" role="alert">
            {t.formExpired}
          </p>
          <p class="muted">{t.help}</p>
        </>,
      );
    }
    if (!isOwnerToken(token)) {
      return ownerPage(
        c,
        { lang, title: t.noLinkTitle },
        <>
          <h1>{t.noLinkTitle}</h1>
          <p>{t.noLink}</p>
          {codePattern.test(code) ? (
            <>
              <p>{t.codeShown}</p>
              <p class="receipt">{code}</p>
            </>
          ) : null}
          <p class="muted">{t.help}</p>
        </>,
      );
    }
    const answer = await deps.meetings.ownerMeeting(token, meetingId, lang);
    if (!answer.ok) return refusedPage(c, lang, refusalOf(answer.error));
    const m = answer.value;
    const form = {
      action: `/m/${m.id}/check-in${lang === 'en' ? '?lang=en' : ''}`,
      back: ownerPath(token, lang, `/meetings/${m.id}`),
      hidden: codePattern.test(code),
      csrf: csrfToken(c),
    };
    if (c.req.method === 'POST') return signIn(c, lang, token, m, code, form);
    if (m.attended || !takesSignIn(m)) return c.redirect(form.back, 303);
    // A phone may be shared: the page says whose units the tap signs in.
    const owner = await deps.meetings.ownerProfile(token, lang);
    const units = owner.ok ? owner.value.units : [];
    return checkInPage(c, { lang, m, ...form, code, units });
  });

  return app;
}
