/**
 * `GET /m/{meetingId}`: the public page of a meeting, where the notifications' meeting notice,
 * cancellation and minutes link. Messages are forwarded in WeChat groups, so it needs no token and
 * shows only what the meetings service's public view answers (no owner keys; attendance as totals).
 */
import type { AppEnv } from '@yishi/app';
import { Hono } from 'hono';
import { langOf } from '../i18n.ts';
import type { MeetingsClient, PublicMeeting } from '../meetings/client.ts';
import { meetingTexts } from '../meetings/texts.ts';
import { Agenda, MeetingHead, MeetingMinutes } from '../meetings/views.tsx';
import { ownerPage } from '../owner/frame.tsx';
import { missingPage, publicPath, unavailablePage, uuidPattern } from './frame.tsx';
import { publicTexts } from './texts.ts';

function Attendance(props: { meeting: PublicMeeting; lang: 'zh' | 'en' }) {
  const p = publicTexts[props.lang];
  const { summary } = props.meeting.attendance;
  const m = props.meeting;
  const after = m.status === 'held' || m.status === 'minutes_published';
  if (!after || m.form !== 'in_person' || summary.attendees === 0) return null;
  return (
    <section aria-labelledby="attendance">
      <h2 id="attendance">{p.attendance}</h2>
      <p>
        {p.attendees(summary.attendees, summary.proxies, summary.area)}
        {summary.totals
          ? `；${p.attendeesOfAll(summary.totals.headcount, summary.totals.area)}`
          : ''}
      </p>
    </section>
  );
}

export function publicMeetingPage(deps: { meetings: MeetingsClient }) {
  const app = new Hono<AppEnv>();
  app.get('/m/:meetingId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const t = meetingTexts[lang];
    const p = publicTexts[lang];
    const meetingId = c.req.param('meetingId');
    if (!uuidPattern.test(meetingId)) return missingPage(c, lang, p.meetingNotFound, ownerPage);
    const answer = await deps.meetings.publicMeeting(meetingId, lang);
    if (!answer.ok) {
      return answer.error.status === 404 || answer.error.status === 400
        ? missingPage(c, lang, p.meetingNotFound, ownerPage)
        : unavailablePage(c, lang, ownerPage);
    }
    const m = answer.value;
    return ownerPage(
      c,
      { lang, title: m.title },
      <>
        <MeetingHead meeting={m} lang={lang} />
        <h2>{t.agenda}</h2>
        <Agenda
          meeting={m}
          lang={lang}
          proposalHref={(id) => publicPath(`/p/${id}`, lang)}
          headingLevel={3}
        />
        <Attendance meeting={m} lang={lang} />
        <MeetingMinutes meeting={m} lang={lang} />
        <p class="note">
          {m.form === 'in_person' && m.status === 'notice_published'
            ? p.meetingPersonal
            : p.meetingPersonalAfter}
        </p>
        <p class="muted">{p.publicNote}</p>
        <p class="muted">{t.help}</p>
      </>,
    );
  });
  return app;
}
