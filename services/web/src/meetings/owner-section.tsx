import { formatInstant, type Lang } from '../i18n.ts';
import { ownerPath } from '../owner/frame.tsx';
import type { OwnerSection } from '../owner/sections.ts';
import type { Meeting, MeetingsClient } from './client.ts';
import { meetingTexts } from './texts.ts';
import { beijingDay, kindLine, meetingWhen } from './views.tsx';

/** Announced meetings that have not ended before today (Beijing), soonest first. */
export function upcoming(meetings: Meeting[], now: Date): Meeting[] {
  const today = beijingDay(now);
  return meetings
    .filter((m) => m.status === 'notice_published' && beijingDay(m.endsAt ?? m.startsAt) >= today)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
}

/** One meeting as a card: what, when, where, its topics, a link to its page. */
export function MeetingCard(props: { meeting: Meeting; token: string; lang: Lang }) {
  const t = meetingTexts[props.lang];
  const m = props.meeting;
  const id = `m-${m.id}`;
  return (
    <section class="note" aria-labelledby={id}>
      <h3 id={id}>
        <a href={ownerPath(props.token, props.lang, `/meetings/${m.id}`)}>{m.title}</a>
      </h3>
      <p class="muted">{kindLine(m, props.lang)}</p>
      <p>
        {meetingWhen(m, props.lang)}
        <br />
        {m.place}
      </p>
      {m.agenda.length > 0 ? (
        <>
          <p class="muted">{t.topics(m.agenda.length)}</p>
          <ol>
            {m.agenda.map((a) => (
              <li>{a.title}</li>
            ))}
          </ol>
        </>
      ) : null}
      {m.noticePublishedAt ? (
        <p class="muted">{t.noticeAt(formatInstant(m.noticePublishedAt, props.lang))}</p>
      ) : null}
    </section>
  );
}

/** The home page's "upcoming meetings" with a link to the whole schedule. */
export function upcomingMeetingsSection(meetings: MeetingsClient): OwnerSection {
  return {
    id: 'meetings',
    async render({ token, lang, now }) {
      const t = meetingTexts[lang];
      const answer = await meetings.ownerMeetings(token, lang, { limit: 30 });
      const list = answer.ok ? upcoming(answer.value.items, now) : [];
      return (
        <section aria-labelledby="meetings">
          <h2 id="meetings">{t.upcoming}</h2>
          {!answer.ok ? (
            <p class="error">{t.refusals.unavailable}</p>
          ) : list.length === 0 ? (
            <p>{t.noUpcoming}</p>
          ) : (
            list.map((m) => <MeetingCard meeting={m} token={token} lang={lang} />)
          )}
          <p>
            <a href={ownerPath(token, lang, '/meetings')}>{t.allMeetings}</a>
          </p>
        </section>
      );
    },
  };
}
