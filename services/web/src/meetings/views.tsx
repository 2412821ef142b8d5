/** Pieces of the meeting pages shared by owners' and committee's pages. */
import { formatInstant, type Lang } from '../i18n.ts';
import type { AgendaItem, Meeting } from './client.ts';
import { meetingTexts } from './texts.ts';

/** Text typed with line breaks, as paragraphs (no markup is taken from it). */
export const Paragraphs = (props: { text: string }) => (
  <>
    {props.text
      .split(/\r?\n\s*\r?\n|\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => (
        <p>{line}</p>
      ))}
  </>
);

const timeOfDay: Record<Lang, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }),
};

/** "3月2日 14:00 至 16:00（北京时间）": the end's day is said only when it differs. */
export function meetingWhen(m: Pick<Meeting, 'startsAt' | 'endsAt'>, lang: Lang) {
  const t = meetingTexts[lang];
  const end = m.endsAt
    ? beijingDay(m.endsAt) === beijingDay(m.startsAt)
      ? timeOfDay[lang].format(new Date(m.endsAt))
      : formatInstant(m.endsAt, lang)
    : null;
  return t.when(formatInstant(m.startsAt, lang), end) + t.beijing;
}

/** Kind, form (assemblies), status. */
export function kindLine(m: Meeting, lang: Lang) {
  const t = meetingTexts[lang];
  const form = m.kind === 'owners_assembly' ? ` · ${t.form[m.form]}` : '';
  return `${t.kind[m.kind]}${form}`;
}

/** When, where, who calls it. */
export function MeetingFacts(props: { meeting: Meeting; lang: Lang }) {
  const t = meetingTexts[props.lang];
  const m = props.meeting;
  return (
    <dl>
      <dt>{t.whenLabel}</dt>
      <dd>{meetingWhen(m, props.lang)}</dd>
      <dt>{t.placeLabel}</dt>
      <dd>{m.place}</dd>
      <dt>{t.organiserLabel}</dt>
      <dd>{m.organiser}</dd>
    </dl>
  );
}

function Decision(props: { item: AgendaItem; lang: Lang }) {
  const t = meetingTexts[props.lang];
  const d = props.item.decision;
  if (!d) return null;
  const f = d.figures;
  return (
    <>
      {d.outcome ? (
        <p class={`decision ${d.outcome === 'decided' ? 'formed' : 'not-formed'}`}>
          {t.decision[d.outcome]}
        </p>
      ) : null}
      {d.outcome === 'not_decided' ? <p class="muted">{t.noDecisionWhy}</p> : null}
      {d.text ? <Paragraphs text={d.text} /> : null}
      {f ? (
        <p class="muted">
          {t.figures(
            f.participatingArea,
            f.totalArea,
            f.participatingHeadcount,
            f.totalHeadcount,
            f.agreeArea,
            f.agreeHeadcount,
          )}
        </p>
      ) : null}
      {d.source === 'ballot' ? <p class="muted">{t.decisionBy.ballot}</p> : null}
    </>
  );
}

/**
 * The agenda as numbered sections: topic, text, the item of Art. 278, the proposal it takes up
 * (when `proposalHref` knows where its page is) and, once known, the decision in words.
 */
export function Agenda(props: {
  meeting: Meeting;
  lang: Lang;
  proposalHref?: (proposalId: string) => string;
  headingLevel?: 2 | 3;
}) {
  const t = meetingTexts[props.lang];
  const items = props.meeting.agenda;
  if (items.length === 0) return <p>{t.noAgenda}</p>;
  return (
    <ol class="agenda">
      {items.map((a) => (
        <li>
          {props.headingLevel === 3 ? <h3>{a.title}</h3> : <strong>{a.title}</strong>}
          {a.description ? <Paragraphs text={a.description} /> : null}
          {a.item ? <p class="muted">{t.item(a.item)}</p> : null}
          {a.proposalId && props.proposalHref ? (
            <p>
              <a href={props.proposalHref(a.proposalId)}>{t.proposal}</a>
            </p>
          ) : null}
          <Decision item={a} lang={props.lang} />
        </li>
      ))}
    </ol>
  );
}

/** The Beijing calendar day of an instant (`YYYY-MM-DD`). */
export const beijingDay = (at: Date | string) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A `YYYY-MM-DD` day as people write it. */
export function formatDay(day: string, lang: Lang) {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  if (lang === 'zh') return `${y}年${m}月${d}日`;
  const month = new Date(Date.UTC(y, m - 1, d)).toLocaleString('en-GB', {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${d} ${month} ${y}`;
}

/**
 * The head of a meeting's page for owners and the public: its kind and status, title, the
 * cancellation, facts, notice time, description and (once published) the ballot's result link.
 */
export function MeetingHead(props: { meeting: Meeting; lang: Lang }) {
  const { meeting: m, lang } = props;
  const t = meetingTexts[lang];
  return (
    <>
      <p class="muted">
        {kindLine(m, lang)} · {t.status[m.status]}
      </p>
      <h1>{m.title}</h1>
      {m.status === 'cancelled' ? (
        <p class="error" role="alert">
          {t.cancelled(m.cancelReason ?? '')}
        </p>
      ) : null}
      <MeetingFacts meeting={m} lang={lang} />
      {m.noticePublishedAt ? (
        <p class="muted">{t.noticeAt(formatInstant(m.noticePublishedAt, lang))}</p>
      ) : null}
      {m.description ? <Paragraphs text={m.description} /> : null}
      {m.form === 'in_writing' ? <p class="note">{t.inWriting}</p> : null}
      {m.ballotId && m.ballotResultPublished ? (
        <p>
          <a href={`/r/${m.ballotId}${lang === 'en' ? '?lang=en' : ''}`}>{t.ballotResult}</a>
        </p>
      ) : null}
    </>
  );
}

/** A meeting's published minutes, with when they were published; nothing before. */
export function MeetingMinutes(props: { meeting: Meeting; lang: Lang }) {
  const { meeting: m, lang } = props;
  const t = meetingTexts[lang];
  return m.minutes && m.minutesPublishedAt ? (
    <section aria-labelledby="minutes">
      <h2 id="minutes">{t.minutes}</h2>
      <p class="muted">{t.minutesAt(formatInstant(m.minutesPublishedAt, lang))}</p>
      <Paragraphs text={m.minutes} />
    </section>
  ) : null;
}
