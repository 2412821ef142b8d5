/**
 * The attendance list of a meeting held in person, the committee's sign-in at the door (by unit
 * or by the owner's own link, with the reference of a proxy's authorisation), and the printable
 * page with the door's QR code and sign-in code.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorSentence, field, isCommittee, when } from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import { CsrfInput, staffPage } from '../staff/frame.tsx';
import type { StaffSessionEnv } from '../staff/session.ts';
import type { AttendanceInput, Meeting, MeetingsClient, StaffAttendance } from './client.ts';
import { meetingGuard, meetingLinks, meetingsBase, serviceErrorPage } from './staff-common.tsx';
import { meetingStaffTexts } from './staff-texts.ts';
import { MeetingFacts, meetingWhen } from './views.tsx';

/** The token of an owner link as scanned or pasted: the whole address or the token alone. */
export function ownerTokenFrom(value: string): string | null {
  const token = value
    .trim()
    .replace(/^.*\/o\//, '')
    .replace(/[?#].*$/, '');
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token) ? token : null;
}

const percent = (part: number, whole: number) =>
  whole > 0 ? ((part / whole) * 100).toFixed(1) : '0.0';

function Summary(props: { list: StaffAttendance; lang: Lang }) {
  const t = meetingStaffTexts[props.lang];
  const s = props.list.summary;
  return (
    <p class="note">
      {t.summary(s.attendees, s.proxies, s.area)}
      {s.totals ? (
        <>
          <br />
          {t.totals(s.totals.area, s.totals.headcount)}
          <br />
          {t.share(
            percent(s.attendees, s.totals.headcount),
            percent(Number(s.area), Number(s.totals.area)),
          )}
        </>
      ) : null}
    </p>
  );
}

function RecordForms(props: {
  c: Context;
  lang: Lang;
  action: string;
  values: Record<string, string>;
}) {
  const t = meetingStaffTexts[props.lang];
  const v = props.values;
  const input = (name: string, label: string, cls?: string) => (
    <div>
      <label class="field" for={name}>
        {label}
      </label>
      <input
        type="text"
        id={name}
        name={name}
        value={v[name] ?? (name === 'entrance' ? '1' : '')}
        {...(cls ? { class: cls } : {})}
      />
    </div>
  );
  return (
    <>
      <h2>{t.recordByUnit}</h2>
      <form method="post" action={props.action}>
        <CsrfInput c={props.c} />
        <input type="hidden" name="by" value="unit" />
        <div class="row">
          {input('building', t.building)}
          {input('entrance', t.entrance)}
          {input('room', t.room)}
        </div>
        {input('proxy', t.proxyReference)}
        <button type="submit" class="small">
          {t.record}
        </button>
      </form>
      <h2>{t.recordByLink}</h2>
      <form method="post" action={props.action}>
        <CsrfInput c={props.c} />
        <input type="hidden" name="by" value="link" />
        {input('link', t.ownerLink)}
        {input('proxy_link', t.proxyReference)}
        <button type="submit" class="small">
          {t.record}
        </button>
      </form>
    </>
  );
}

function AttendanceTable(props: { list: StaffAttendance; lang: Lang }) {
  const t = meetingStaffTexts[props.lang];
  if (props.list.items.length === 0) return <p>{t.noAttendance}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t.colUnits}</th>
          <th scope="col">{t.colArea}</th>
          <th scope="col">{t.colMethod}</th>
          <th scope="col">{t.colProxy}</th>
          <th scope="col">{t.colAt}</th>
        </tr>
      </thead>
      <tbody>
        {props.list.items.map((row) => (
          <tr>
            <td>
              {row.units.map((u, i) => (
                <>
                  {i > 0 ? <br /> : null}
                  {t.unit(u.building, u.entrance, u.room)}
                </>
              ))}
            </td>
            <td class="num">{row.area}</td>
            <td>{t.methods[row.method]}</td>
            <td>{row.proxyReference ?? ''}</td>
            <td>{when(row.recordedAt, props.lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function meetingAttendancePages(deps: { meetings: MeetingsClient }) {
  const app = new Hono<StaffSessionEnv>();

  async function load(c: Context<StaffSessionEnv>, anyStaff: boolean) {
    const { g, meetingId, response } = meetingGuard(c, anyStaff);
    if (!g) return { response };
    const meeting = await deps.meetings.get(g.token, g.communityId, meetingId);
    if (!meeting.ok) {
      return { response: serviceErrorPage(c, g.lang, meeting.error, g.communityId) };
    }
    return { g, meeting: meeting.value };
  }

  async function attendancePage(
    c: Context<StaffSessionEnv>,
    g: { lang: Lang; communityId: string; token: string },
    m: Meeting,
    extra: { error?: string; values?: Record<string, string>; status?: ContentfulStatusCode } = {},
  ) {
    const { lang, communityId, token } = g;
    const t = meetingStaffTexts[lang];
    const url = `${meetingsBase(communityId)}/${m.id}`;
    const list = await deps.meetings.attendance(token, communityId, m.id);
    if (!list.ok) return serviceErrorPage(c, lang, list.error, communityId);
    const done = c.req.query('done');
    // Signing people in at the door is the committee's; other staff of the community read along.
    const canRecord =
      isCommittee(c, communityId) &&
      m.form === 'in_person' &&
      (m.status === 'notice_published' || m.status === 'held');
    return staffPage(
      c,
      {
        lang,
        title: t.attendanceTitle(m.title),
        links: [...meetingLinks(c, lang, communityId), { href: url, label: t.back }],
        ...(extra.status ? { status: extra.status } : {}),
      },
      <>
        <h1>{t.attendanceTitle(m.title)}</h1>
        <p class="muted">{meetingWhen(m, lang)}</p>
        {done && t.done[done] ? (
          <p class="ok" role="status">
            {t.done[done]}
          </p>
        ) : null}
        {extra.error ? (
          <p class="error" role="alert">
            {extra.error}
          </p>
        ) : null}
        {m.form === 'in_writing' ? <p class="note">{t.inWritingNoAttendance}</p> : null}
        <Summary list={list.value} lang={lang} />
        {canRecord ? (
          <RecordForms c={c} lang={lang} action={`${url}/attendance`} values={extra.values ?? {}} />
        ) : null}
        <h2>{t.attendance}</h2>
        <AttendanceTable list={list.value} lang={lang} />
      </>,
    );
  }

  app.get('/staff/c/:communityId/meetings/:meetingId/attendance', async (c) => {
    const l = await load(c, true);
    if (!l.g) return l.response;
    return attendancePage(c, l.g, l.meeting);
  });

  app.post('/staff/c/:communityId/meetings/:meetingId/attendance', async (c) => {
    const l = await load(c, false);
    if (!l.g) return l.response;
    const { lang, communityId, token } = l.g;
    const t = meetingStaffTexts[lang];
    const form = await c.req.parseBody();
    const values = Object.fromEntries(
      ['building', 'entrance', 'room', 'proxy', 'link', 'proxy_link'].map((k) => [
        k,
        field(form, k),
      ]),
    );
    const byLink = field(form, 'by') === 'link';
    const proxy = byLink ? values.proxy_link : values.proxy;
    let input: AttendanceInput;
    if (byLink) {
      const ownerToken = ownerTokenFrom(values.link ?? '');
      if (!ownerToken) {
        return attendancePage(c, l.g, l.meeting, {
          error: t.ownerLink,
          values,
          status: 400,
        });
      }
      input = { ownerToken };
    } else {
      input = {
        unit: {
          building: values.building ?? '',
          entrance: values.entrance || '1',
          room: values.room ?? '',
        },
      };
    }
    if (proxy) input.proxyReference = proxy;
    const answer = await deps.meetings.recordAttendance(
      token,
      communityId,
      l.meeting.id,
      input,
      lang,
    );
    if (!answer.ok) {
      if (answer.error.status >= 500 || answer.error.status === 401) {
        return serviceErrorPage(c, lang, answer.error, communityId);
      }
      return attendancePage(c, l.g, l.meeting, {
        error: errorSentence(answer.error, lang),
        values,
        status: answer.error.status === 404 ? 404 : answer.error.status === 409 ? 409 : 400,
      });
    }
    const done = answer.value.created ? 'recorded' : 'already';
    return c.redirect(`${meetingsBase(communityId)}/${l.meeting.id}/attendance?done=${done}`, 303);
  });

  app.get('/staff/c/:communityId/meetings/:meetingId/check-in-code', async (c) => {
    const l = await load(c, false);
    if (!l.g) return l.response;
    const { lang, communityId, token } = l.g;
    const t = meetingStaffTexts[lang];
    const m = l.meeting;
    const poster = await deps.meetings.poster(token, communityId, m.id);
    if (!poster.ok) return serviceErrorPage(c, lang, poster.error, communityId);
    const { code, url, svg } = poster.value;
    // As an image (not inline markup): an SVG in an <img> can run nothing.
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    return staffPage(
      c,
      {
        lang,
        title: t.posterTitle(m.title),
        links: [
          ...meetingLinks(c, lang, communityId),
          { href: `${meetingsBase(communityId)}/${m.id}`, label: t.back },
        ],
      },
      <>
        <h1>{t.posterTitle(m.title)}</h1>
        <MeetingFacts meeting={m} lang={lang} />
        <p>{t.posterLead}</p>
        <p>
          <img src={src} alt={t.posterQrAlt(code)} width="320" height="320" />
        </p>
        <p>{t.posterCode}</p>
        <p class="receipt">{code}</p>
        <p class="hash">{url}</p>
        <p class="hint noprint">{t.printHint}</p>
      </>,
    );
  });

  return app;
}
