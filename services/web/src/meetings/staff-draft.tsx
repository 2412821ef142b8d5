/**
 * The committee's meeting list and the form that drafts a meeting with its agenda. An owners'
 * assembly inside the 15-day notice period comes back from the meetings service refused with the
 * earliest valid date, which the form shows next to the start time.
 */
import { Hono } from 'hono';
import type { ApiError } from '../api.ts';
import { errorSentence, field, fromLocalInput, isCommittee } from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import { CsrfInput, staffPage } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import {
  type MeetingForm,
  type MeetingInput,
  type MeetingKind,
  type MeetingsClient,
  meetingKinds,
} from './client.ts';
import { guard, meetingLinks, meetingsBase, serviceErrorPage } from './staff-common.tsx';
import { meetingStaffTexts } from './staff-texts.ts';
import { meetingTexts } from './texts.ts';
import { formatDay, meetingWhen } from './views.tsx';

type Form = Record<string, string | File | (string | File)[]>;
const MAX_ROWS = 30;

interface AgendaRow {
  title: string;
  description: string;
  item: string;
  proposalId: string;
}

interface DraftValues {
  kind: string;
  form: string;
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  place: string;
  organiser: string;
  rows: AgendaRow[];
}

const emptyRow = (): AgendaRow => ({ title: '', description: '', item: '', proposalId: '' });

function valuesOf(form: Form): DraftValues {
  const rows: AgendaRow[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    if (form[`a${i}_title`] === undefined) break;
    rows.push({
      title: field(form, `a${i}_title`),
      description: field(form, `a${i}_description`),
      item: field(form, `a${i}_item`),
      proposalId: field(form, `a${i}_proposal`),
    });
  }
  return {
    kind: field(form, 'kind'),
    form: field(form, 'form'),
    title: field(form, 'title'),
    description: field(form, 'description'),
    startsAt: field(form, 'startsAt'),
    endsAt: field(form, 'endsAt'),
    place: field(form, 'place'),
    organiser: field(form, 'organiser'),
    rows,
  };
}

/** The draft to send, or the fields the form must show again. */
function inputOf(v: DraftValues): { input: MeetingInput } | { bad: string[] } {
  const startsAt = fromLocalInput(v.startsAt);
  const endsAt = v.endsAt ? fromLocalInput(v.endsAt) : null;
  const bad = [
    ...(startsAt ? [] : ['startsAt']),
    ...(v.endsAt && !endsAt ? ['endsAt'] : []),
    ...((meetingKinds as readonly string[]).includes(v.kind) ? [] : ['kind']),
  ];
  if (bad.length > 0 || !startsAt) return { bad };
  return {
    input: {
      kind: v.kind as MeetingKind,
      form: (v.form === 'in_writing' ? 'in_writing' : 'in_person') as MeetingForm,
      title: v.title,
      description: v.description,
      startsAt,
      endsAt,
      place: v.place,
      organiser: v.organiser || '业主委员会',
      agenda: v.rows
        .filter((r) => r.title !== '')
        .map((r) => ({
          title: r.title,
          description: r.description,
          ...(r.proposalId ? { proposalId: r.proposalId } : {}),
          ...(/^[1-9]$/.test(r.item) ? { item: Number(r.item) } : {}),
        })),
    },
  };
}

function TextField(props: {
  name: string;
  label: string;
  value: string;
  type?: string;
  required?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <>
      <label class="field" for={props.name}>
        {props.label}
      </label>
      <input
        type={props.type ?? 'text'}
        id={props.name}
        name={props.name}
        value={props.value}
        {...(props.required ? { required: true } : {})}
        {...(props.invalid ? { 'aria-invalid': 'true' } : {})}
        {...(props.describedBy ? { 'aria-describedby': props.describedBy } : {})}
      />
    </>
  );
}

function DraftForm(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  action: string;
  values: DraftValues;
  problems: string[];
  invalid: Set<string>;
  earliest: string | null;
}) {
  const t = meetingStaffTexts[props.lang];
  const o = meetingTexts[props.lang];
  const v = props.values;
  const rows = v.rows.length > 0 ? v.rows : [emptyRow(), emptyRow(), emptyRow()];
  return (
    <form method="post" action={props.action}>
      <CsrfInput c={props.c} />
      {props.problems.length > 0 ? (
        <div class="error" role="alert">
          <p>{t.problems}</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <label class="field" for="kind">
        {t.kindLabel}
      </label>
      <select id="kind" name="kind">
        {meetingKinds.map((k) => (
          <option value={k} selected={v.kind === k}>
            {o.kind[k]}
          </option>
        ))}
      </select>
      <label class="field" for="form">
        {t.formLabel}
      </label>
      <select id="form" name="form">
        {(['in_person', 'in_writing'] as const).map((f) => (
          <option value={f} selected={v.form === f}>
            {o.form[f]}
          </option>
        ))}
      </select>
      <TextField
        name="title"
        label={t.titleLabel}
        value={v.title}
        required
        invalid={props.invalid.has('title')}
      />
      <label class="field" for="description">
        {t.descriptionLabel}
      </label>
      <textarea id="description" name="description">
        {v.description}
      </textarea>
      <TextField
        name="startsAt"
        label={t.startsLabel}
        type="datetime-local"
        value={v.startsAt}
        required
        invalid={props.invalid.has('startsAt')}
        {...(props.earliest ? { describedBy: 'earliest' } : {})}
      />
      {props.earliest ? (
        <p class="warn" id="earliest">
          {t.fifteenDays(formatDay(props.earliest, props.lang))}
        </p>
      ) : null}
      <TextField
        name="endsAt"
        label={t.endsLabel}
        type="datetime-local"
        value={v.endsAt}
        invalid={props.invalid.has('endsAt')}
      />
      <TextField
        name="place"
        label={t.placeLabel}
        value={v.place}
        required
        invalid={props.invalid.has('place')}
      />
      <TextField
        name="organiser"
        label={t.organiserLabel}
        value={v.organiser || '业主委员会'}
        invalid={props.invalid.has('organiser')}
      />
      {rows.map((r, i) => (
        <fieldset>
          <legend>{t.agendaLegend(i + 1)}</legend>
          <TextField name={`a${i}_title`} label={t.agendaTitle} value={r.title} />
          <label class="field" for={`a${i}_description`}>
            {t.agendaDescription}
          </label>
          <textarea id={`a${i}_description`} name={`a${i}_description`}>
            {r.description}
          </textarea>
          <label class="field" for={`a${i}_item`}>
            {t.agendaItem}
          </label>
          <select id={`a${i}_item`} name={`a${i}_item`}>
            <option value="">{t.noItem}</option>
            {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
              <option value={String(n)} selected={r.item === String(n)}>
                {t.itemOption(n)}
              </option>
            ))}
          </select>
          <TextField name={`a${i}_proposal`} label={t.proposalLabel} value={r.proposalId} />
        </fieldset>
      ))}
      <button type="submit">{t.create}</button>
      {rows.length + 3 <= MAX_ROWS ? (
        <button class="secondary small" type="submit" name="_action" value="more">
          {t.moreRows}
        </button>
      ) : null}
    </form>
  );
}

/** The service's refusal as sentences, the fields it names, and the earliest date if any. */
function problemsOf(error: ApiError, lang: Lang) {
  const t = meetingStaffTexts[lang];
  const issues = Array.isArray(error.details.issues)
    ? (error.details.issues as { path?: unknown[] }[])
    : [];
  const invalid = new Set(issues.map((i) => String(i.path?.[0] ?? '')));
  const earliest =
    typeof error.details.earliestDate === 'string' ? error.details.earliestDate : null;
  const named = [...invalid].filter((f) => t.fields[f]).map((f) => t.fields[f]);
  // The earliest date is said in words next to the start time; the rest as the service says it.
  const sentence = earliest ? t.tooEarly : (error.message ?? errorSentence(error, lang));
  return {
    invalid,
    earliest,
    problems: [named.length > 0 && !earliest ? `${sentence}（${named.join('、')}）` : sentence],
  };
}

export function meetingDraftPages(deps: { meetings: MeetingsClient }) {
  const app = new Hono<StaffSessionEnv>();

  app.get('/staff/c/:communityId/meetings', async (c) => {
    const g = guard(c, { anyStaff: true });
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const t = meetingStaffTexts[lang];
    const o = meetingTexts[lang];
    const list = await deps.meetings.list(token, communityId, c.req.query('cursor'));
    if (!list.ok) return serviceErrorPage(c, lang, list.error, communityId);
    const base = meetingsBase(communityId);
    return staffPage(
      c,
      { lang, title: t.meetings, links: meetingLinks(c, lang, communityId) },
      <>
        <h1>{t.meetings}</h1>
        {isCommittee(c, communityId) ? (
          <p>
            <a href={`${base}/new`}>{t.newMeeting}</a>
          </p>
        ) : null}
        {list.value.items.length === 0 ? (
          <p>{t.noMeetings}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.colTitle}</th>
                <th scope="col">{t.colKind}</th>
                <th scope="col">{t.colWhen}</th>
                <th scope="col">{t.colStatus}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.items.map((m) => (
                <tr>
                  <td>
                    <a href={`${base}/${m.id}`}>{m.title}</a>
                  </td>
                  <td>{o.kind[m.kind]}</td>
                  <td>{meetingWhen(m, lang)}</td>
                  <td>
                    <span class="badge">{o.status[m.status]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </>,
    );
  });

  const formPage = (
    c: Parameters<typeof staffPage>[0],
    lang: Lang,
    communityId: string,
    values: DraftValues,
    extra: { problems?: string[]; invalid?: Set<string>; earliest?: string | null } = {},
    status: 200 | 400 = 200,
  ) => {
    const t = meetingStaffTexts[lang];
    return staffPage(
      c,
      { lang, title: t.newTitle, links: meetingLinks(c, lang, communityId), status },
      <>
        <h1>{t.newTitle}</h1>
        <DraftForm
          c={c}
          lang={lang}
          action={meetingsBase(communityId)}
          values={values}
          problems={extra.problems ?? []}
          invalid={extra.invalid ?? new Set()}
          earliest={extra.earliest ?? null}
        />
      </>,
    );
  };

  app.get('/staff/c/:communityId/meetings/new', (c) => {
    const g = guard(c);
    if (!g.ok) return g.response;
    const rows = [emptyRow(), emptyRow(), emptyRow()];
    return formPage(c, g.lang, g.communityId, {
      ...valuesOf({}),
      kind: c.req.query('kind') ?? 'owners_assembly',
      rows,
    });
  });

  app.post('/staff/c/:communityId/meetings', async (c) => {
    const g = guard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const t = meetingStaffTexts[lang];
    const body = await c.req.parseBody({ all: true });
    const values = valuesOf(body);
    if (field(body, '_action') === 'more') {
      const more = [...values.rows, emptyRow(), emptyRow(), emptyRow()].slice(0, MAX_ROWS);
      return formPage(c, lang, communityId, { ...values, rows: more });
    }
    const built = inputOf(values);
    if ('bad' in built) {
      return formPage(
        c,
        lang,
        communityId,
        values,
        {
          problems: [`${t.badTime}（${built.bad.map((f) => t.fields[f] ?? f).join('、')}）`],
          invalid: new Set(built.bad),
        },
        400,
      );
    }
    const created = await deps.meetings.create(token, communityId, built.input, lang);
    if (!created.ok) {
      if (created.error.status !== 400) {
        return serviceErrorPage(c, lang, created.error, communityId);
      }
      return formPage(c, lang, communityId, values, problemsOf(created.error, lang), 400);
    }
    return c.redirect(`${meetingsBase(communityId)}/${created.value.id}?done=created`, 303);
  });

  return app;
}
