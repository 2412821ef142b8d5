/**
 * A meeting's page for the committee, with what can be done in its state: publish the notice,
 * record it held, write and publish the minutes with each topic's decision, cancel with a reason.
 * Every action is a plain form, POST-redirect-GET; a refusal shows the page again with the
 * service's sentence.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api.ts';
import { errorSentence, field, isCommittee, when } from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import { CsrfInput, staffPage } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import type { AgendaItem, Meeting, MeetingsClient, MinutesInput } from './client.ts';
import { meetingGuard, meetingLinks, meetingsBase, serviceErrorPage } from './staff-common.tsx';
import { meetingStaffTexts } from './staff-texts.ts';
import { meetingTexts } from './texts.ts';
import { Agenda, kindLine, MeetingFacts, Paragraphs } from './views.tsx';

type Form = Record<string, string | File | (string | File)[]>;

/** Topics whose outcome follows counted figures: Art. 278 items of an assembly in person. */
const takesFigures = (m: Meeting, a: AgendaItem) =>
  m.kind === 'owners_assembly' && m.form === 'in_person' && a.item !== null;

function minutesOf(m: Meeting, form: Form): MinutesInput {
  return {
    text: field(form, 'minutes'),
    decisions: m.agenda
      .filter((a) => a.decision?.source !== 'ballot')
      .flatMap((a): MinutesInput['decisions'] => {
        const text = field(form, `d_${a.id}_text`);
        if (takesFigures(m, a)) {
          const pa = field(form, `d_${a.id}_pa`);
          const ph = field(form, `d_${a.id}_ph`);
          const aa = field(form, `d_${a.id}_aa`);
          const ah = field(form, `d_${a.id}_ah`);
          if (!pa && !ph && !aa && !ah) return text ? [{ agendaItemId: a.id, text }] : [];
          return [
            {
              agendaItemId: a.id,
              text,
              figures: {
                participatingArea: pa,
                participatingHeadcount: Number(ph),
                agreeArea: aa,
                agreeHeadcount: Number(ah),
              },
            },
          ];
        }
        const outcome = field(form, `d_${a.id}_outcome`);
        if (!text && outcome === '') return [];
        return [
          {
            agendaItemId: a.id,
            text,
            ...(outcome === 'decided' || outcome === 'not_decided' ? { outcome } : {}),
          },
        ];
      }),
  };
}

function MinutesForm(props: { c: Context; lang: Lang; m: Meeting; action: string }) {
  const t = meetingStaffTexts[props.lang];
  const o = meetingTexts[props.lang];
  const m = props.m;
  const num = (id: string, label: string, value: string, mode: 'decimal' | 'numeric') => (
    <>
      <label class="field" for={id}>
        {label}
      </label>
      <input type="text" inputmode={mode} id={id} name={id} value={value} />
    </>
  );
  return (
    <form method="post" action={props.action}>
      <CsrfInput c={props.c} />
      <label class="field" for="minutes">
        {t.minutesText}
      </label>
      <textarea id="minutes" name="minutes" required>
        {m.minutes ?? ''}
      </textarea>
      {m.agenda.map((a, i) => {
        const d = a.decision;
        const f = d?.figures;
        return (
          <fieldset>
            <legend>
              {t.agendaLegend(i + 1)}：{a.title}
            </legend>
            {d?.source === 'ballot' ? (
              <p class="muted">
                {d.outcome ? `${o.decision[d.outcome]} · ` : ''}
                {t.byBallot}
              </p>
            ) : (
              <>
                <label class="field" for={`d_${a.id}_text`}>
                  {t.decisionText}
                </label>
                <textarea id={`d_${a.id}_text`} name={`d_${a.id}_text`}>
                  {d?.text ?? ''}
                </textarea>
                {takesFigures(m, a) ? (
                  <>
                    <p class="hint">{t.figuresHint}</p>
                    <div class="row">
                      <div>
                        {num(
                          `d_${a.id}_pa`,
                          t.participatingArea,
                          f?.participatingArea ?? '',
                          'decimal',
                        )}
                      </div>
                      <div>
                        {num(
                          `d_${a.id}_ph`,
                          t.participatingHeadcount,
                          f ? String(f.participatingHeadcount) : '',
                          'numeric',
                        )}
                      </div>
                      <div>{num(`d_${a.id}_aa`, t.agreeArea, f?.agreeArea ?? '', 'decimal')}</div>
                      <div>
                        {num(
                          `d_${a.id}_ah`,
                          t.agreeHeadcount,
                          f ? String(f.agreeHeadcount) : '',
                          'numeric',
                        )}
                      </div>
                    </div>
                  </>
                ) : (
                  <>
                    <label class="field" for={`d_${a.id}_outcome`}>
                      {t.outcome}
                    </label>
                    <select id={`d_${a.id}_outcome`} name={`d_${a.id}_outcome`}>
                      {['', 'decided', 'not_decided'].map((v) => (
                        <option value={v} selected={(d?.outcome ?? '') === v}>
                          {t.outcomes[v]}
                        </option>
                      ))}
                    </select>
                  </>
                )}
              </>
            )}
          </fieldset>
        );
      })}
      <button type="submit">{t.saveMinutes}</button>
    </form>
  );
}

/** A one-button form (publish the notice, record held, publish the minutes). */
const Command = (props: { c: Context; action: string; label: string; hint: string }) => (
  <form method="post" action={props.action}>
    <CsrfInput c={props.c} />
    <p class="hint">{props.hint}</p>
    <button type="submit" class="small">
      {props.label}
    </button>
  </form>
);

export function meetingStaffPages(deps: { meetings: MeetingsClient }) {
  const app = new Hono<StaffSessionEnv>();

  const loadFor = meetingGuard;

  const meetingPage = (
    c: Context<StaffSessionEnv>,
    lang: Lang,
    communityId: string,
    m: Meeting,
    extra: { error?: string; status?: ContentfulStatusCode } = {},
  ) => {
    const t = meetingStaffTexts[lang];
    const o = meetingTexts[lang];
    const url = `${meetingsBase(communityId)}/${m.id}`;
    const done = c.req.query('done');
    const doneText = done ? t.done[done] : undefined;
    // The Party secretary and grid workers read the meeting; its actions are the committee's.
    const committee = isCommittee(c, communityId);
    const cancellable = committee && (m.status === 'draft' || m.status === 'notice_published');
    return staffPage(
      c,
      {
        lang,
        title: m.title,
        links: meetingLinks(c, lang, communityId),
        ...(extra.status ? { status: extra.status } : {}),
      },
      <>
        <p class="muted">
          {kindLine(m, lang)} · <span class="badge">{o.status[m.status]}</span>
        </p>
        <h1>{m.title}</h1>
        {doneText ? (
          <p class="ok" role="status">
            {doneText}
          </p>
        ) : null}
        {extra.error ? (
          <p class="error" role="alert">
            {extra.error}
          </p>
        ) : null}
        {m.status === 'cancelled' ? (
          <p class="error">{t.cancelledBecause(m.cancelReason ?? '')}</p>
        ) : null}
        <MeetingFacts meeting={m} lang={lang} />
        {m.noticePublishedAt ? (
          <p class="muted">{t.noticeAt(when(m.noticePublishedAt, lang))}</p>
        ) : null}
        {m.description ? <Paragraphs text={m.description} /> : null}
        <h2>{o.agenda}</h2>
        <Agenda meeting={m} lang={lang} />
        {m.status !== 'draft' && m.status !== 'cancelled' && m.form === 'in_person' ? (
          <p>
            <a href={`${url}/attendance`}>{t.attendance}</a>
            {m.status === 'notice_published' || m.status === 'held' ? (
              <>
                {' · '}
                <a href={`${url}/check-in-code`}>{t.poster}</a>
              </>
            ) : null}
          </p>
        ) : null}
        {m.minutes ? (
          <section aria-labelledby="minutes">
            <h2 id="minutes">
              {m.minutesPublishedAt
                ? t.minutesPublished(when(m.minutesPublishedAt, lang))
                : t.minutesDraft}
            </h2>
            <Paragraphs text={m.minutes} />
          </section>
        ) : null}
        {committee && m.status === 'held' ? (
          <section aria-labelledby="write-minutes">
            <h2 id="write-minutes">{t.minutesTitle}</h2>
            <MinutesForm c={c} lang={lang} m={m} action={`${url}/minutes`} />
            {m.minutes ? (
              <Command
                c={c}
                action={`${url}/minutes/publish`}
                label={t.publishMinutes}
                hint={t.publishMinutesHint}
              />
            ) : null}
          </section>
        ) : null}
        {cancellable ? (
          <section aria-labelledby="actions">
            <h2 id="actions">{t.actions}</h2>
            {m.status === 'draft' ? (
              <Command
                c={c}
                action={`${url}/notice`}
                label={t.publishNotice}
                hint={t.publishNoticeHint}
              />
            ) : null}
            {m.status === 'notice_published' && m.form === 'in_person' ? (
              <Command c={c} action={`${url}/hold`} label={t.hold} hint={t.holdHint} />
            ) : null}
            {cancellable ? (
              <form method="post" action={`${url}/cancel`}>
                <CsrfInput c={c} />
                <label class="field" for="reason">
                  {t.cancelReason}
                </label>
                <textarea id="reason" name="reason" required maxlength={2000} />
                <button type="submit" class="secondary small">
                  {t.cancel}
                </button>
              </form>
            ) : null}
          </section>
        ) : null}
      </>,
    );
  };

  /** After a refused action: the page again with the service's sentence (or its error page). */
  async function refused(
    c: Context<StaffSessionEnv>,
    lang: Lang,
    communityId: string,
    token: string,
    meetingId: string,
    error: ApiError,
  ) {
    if (error.status !== 400 && error.status !== 409) {
      return serviceErrorPage(c, lang, error, communityId);
    }
    const again = await deps.meetings.get(token, communityId, meetingId);
    if (!again.ok) return serviceErrorPage(c, lang, again.error, communityId);
    return meetingPage(c, lang, communityId, again.value, {
      error: errorSentence(error, lang),
      status: error.status === 409 ? 409 : 400,
    });
  }

  app.get('/staff/c/:communityId/meetings/:meetingId', async (c) => {
    const l = await loadFor(c, true);
    if (!l.g) return l.response;
    const { lang, communityId, token } = l.g;
    const answer = await deps.meetings.get(token, communityId, l.meetingId);
    if (!answer.ok) return serviceErrorPage(c, lang, answer.error, communityId);
    return meetingPage(c, lang, communityId, answer.value);
  });

  const commands = [
    ['notice', 'notice', 'notice'],
    ['hold', 'hold', 'held'],
    ['minutes/publish', 'minutes/publish', 'published'],
  ] as const;
  for (const [path, verb, done] of commands) {
    app.post(`/staff/c/:communityId/meetings/:meetingId/${path}`, async (c) => {
      const l = await loadFor(c, false);
      if (!l.g) return l.response;
      const { lang, communityId, token } = l.g;
      const answer = await deps.meetings.command(token, communityId, l.meetingId, verb, lang);
      if (!answer.ok) return refused(c, lang, communityId, token, l.meetingId, answer.error);
      return c.redirect(`${meetingsBase(communityId)}/${l.meetingId}?done=${done}`, 303);
    });
  }

  app.post('/staff/c/:communityId/meetings/:meetingId/cancel', async (c) => {
    const l = await loadFor(c, false);
    if (!l.g) return l.response;
    const { lang, communityId, token } = l.g;
    const reason = field(await c.req.parseBody(), 'reason');
    const answer = await deps.meetings.cancel(token, communityId, l.meetingId, reason, lang);
    if (!answer.ok) return refused(c, lang, communityId, token, l.meetingId, answer.error);
    return c.redirect(`${meetingsBase(communityId)}/${l.meetingId}?done=cancelled`, 303);
  });

  app.post('/staff/c/:communityId/meetings/:meetingId/minutes', async (c) => {
    const l = await loadFor(c, false);
    if (!l.g) return l.response;
    const { lang, communityId, token } = l.g;
    const current = await deps.meetings.get(token, communityId, l.meetingId);
    if (!current.ok) return serviceErrorPage(c, lang, current.error, communityId);
    const input = minutesOf(current.value, await c.req.parseBody());
    const answer = await deps.meetings.writeMinutes(token, communityId, l.meetingId, input, lang);
    if (!answer.ok) return refused(c, lang, communityId, token, l.meetingId, answer.error);
    return c.redirect(`${meetingsBase(communityId)}/${l.meetingId}?done=minutes`, 303);
  });

  return app;
}
