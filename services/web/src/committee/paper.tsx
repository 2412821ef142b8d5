/**
 * Paper-ballot entry, built for speed: type the unit (`3-1-502`), choose, Enter; the page comes
 * back with the cursor in the unit field and the last entries below. A sheet of an owner who
 * already voted is not counted: the conflict is shown with the two ways to resolve it.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { OpenConflict, PaperChoice, StaffBallot } from '../ballots-staff-client.ts';
import { formatInstant, type Lang } from '../i18n.ts';
import { CsrfInput, staffPage } from '../staff/frame.tsx';
import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import {
  apiErrorPage,
  type CommitteeDeps,
  committeeGuard,
  communityLinks,
  errorSentence,
  field,
  uuidPattern,
} from './common.tsx';
import { committeeTexts } from './texts.ts';

const choices: PaperChoice[] = ['agree', 'oppose', 'abstain', 'invalid'];

/** One line of "last entries", carried in the URL (no personal data: unit, outcome, choices). */
interface Entry {
  u: string;
  s: 'ok' | 'conflict' | 'resolved';
  c: string;
}
const MAX_RECENT = 8;

function readRecent(value: string | undefined): Entry[] {
  if (!value || value.length > 2000) return [];
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (e): e is Entry =>
          typeof e?.u === 'string' &&
          e.u.length <= 40 &&
          ['ok', 'conflict', 'resolved'].includes(e.s) &&
          typeof e.c === 'string' &&
          e.c.length <= 80,
      )
      .slice(0, MAX_RECENT);
  } catch {
    return [];
  }
}
const writeRecent = (entries: Entry[]) =>
  Buffer.from(JSON.stringify(entries.slice(0, MAX_RECENT))).toString('base64url');

/** `3-1-502` → building 3, entrance 1, room 502; `3-502` → no entrance. */
export function parseUnit(value: string) {
  const parts = value
    .trim()
    .replace(/[－—–]/g, '-')
    .split('-')
    .map((p) => p.trim());
  if (parts.some((p) => p === '' || p.length > 20)) return null;
  if (parts.length === 3) return { building: parts[0]!, entrance: parts[1]!, room: parts[2]! };
  if (parts.length === 2) return { building: parts[0]!, entrance: '', room: parts[1]! };
  return null;
}

const choiceWord = (lang: Lang, choice: string) => {
  const t = committeeTexts[lang];
  return choice === 'invalid'
    ? t.choiceInvalid
    : ((
        {
          agree: lang === 'zh' ? '同意' : 'Agree',
          oppose: lang === 'zh' ? '反对' : 'Oppose',
          abstain: lang === 'zh' ? '弃权' : 'Abstain',
        } as Record<string, string>
      )[choice] ?? choice);
};

interface FormState {
  room?: string;
  channel?: 'paper' | 'proxy';
  reference?: string;
  proxyName?: string;
  selected?: Record<string, string>;
  error?: string;
  notice?: string;
  conflict?: { conflictId: string; unit: string };
}

/** How a ballot came: the owner's link, their own paper sheet, or a proxy. */
const channelWord = (lang: Lang, channel: string) => {
  const t = committeeTexts[lang];
  return channel === 'proxy' ? t.channelProxy : channel === 'paper' ? t.channelPaper : t.channelWeb;
};

/** A conflict's resolution: the reason, then keep the earlier ballot or the sheet. */
function ResolveFields(props: { lang: Lang; reasonId: string }) {
  const t = committeeTexts[props.lang];
  return (
    <>
      <label class="field" for={props.reasonId}>
        {t.reason}
      </label>
      <input type="text" id={props.reasonId} name="reason" required maxlength={2000} />
      <div class="row">
        <button type="submit" name="keep" value="existing" class="secondary small">
          {t.keepExisting}
        </button>
        <button type="submit" name="keep" value="paper" class="secondary small">
          {t.keepPaper}
        </button>
      </div>
    </>
  );
}

export function committeePaperPages(deps: CommitteeDeps) {
  const app = new Hono<StaffSessionEnv>();
  app.use('/staff/c/*', requireStaffSession());

  const load = async (c: Parameters<typeof committeeGuard>[0]) => {
    const g = committeeGuard(c);
    if (!g.ok) return { response: g.response } as const;
    const ballotId = c.req.param('ballotId') ?? '';
    if (!uuidPattern.test(ballotId))
      return { response: c.redirect(`/staff/c/${g.communityId}`, 303) } as const;
    const answer = await deps.ballots.get(g.token, g.communityId, ballotId);
    if (!answer.ok) {
      return {
        response: apiErrorPage(c, g.lang, answer.error, communityLinks(g.lang, g.communityId)),
      } as const;
    }
    return { g, ballot: answer.value } as const;
  };

  /** The ballot's open conflicts; none shown if the list cannot be had (the entry still works). */
  const openConflicts = async (g: { token: string; communityId: string }, ballotId: string) => {
    const answer = await deps.ballots.openConflicts(g.token, g.communityId, ballotId);
    return answer.ok ? answer.value.items : [];
  };

  const render = (
    c: Parameters<typeof committeeGuard>[0],
    lang: Lang,
    ballot: StaffBallot,
    recent: Entry[],
    open: OpenConflict[],
    state: FormState,
    status: ContentfulStatusCode = 200,
  ) => {
    const t = committeeTexts[lang];
    const base = `/staff/c/${ballot.communityId}/ballots/${ballot.id}`;
    const recentParam = writeRecent(recent);
    // The conflict just met is shown with the form above; the list holds the others.
    const listed = open.filter((o) => o.conflictId !== state.conflict?.conflictId);
    return staffPage(
      c,
      { lang, title: t.paperTitle, links: communityLinks(lang, ballot.communityId), status },
      <>
        <h1>{t.paperTitle}</h1>
        <p>
          <a href={base}>{ballot.title}</a>
        </p>
        <p class="muted">{t.paperLead}</p>
        {state.notice ? (
          <p class="ok" role="status">
            {state.notice}
          </p>
        ) : null}
        {state.error ? (
          <p class="error" role="alert" id="paper-error">
            {state.error}
          </p>
        ) : null}
        {state.conflict ? (
          <section class="warn" aria-labelledby="conflict-title">
            <h2 id="conflict-title">{t.conflictTitle}</h2>
            <p>{t.conflict(state.conflict.unit)}</p>
            <form method="post" action={`${base}/paper/resolve?recent=${recentParam}`}>
              <CsrfInput c={c} />
              <input type="hidden" name="conflictId" value={state.conflict.conflictId} />
              <input type="hidden" name="unit" value={state.conflict.unit} />
              <ResolveFields lang={lang} reasonId="resolve-reason" />
            </form>
          </section>
        ) : null}
        <form method="post" action={`${base}/paper?recent=${recentParam}`}>
          <CsrfInput c={c} />
          <label class="field" for="room">
            {t.roomLabel}
          </label>
          <input
            type="text"
            class="room"
            id="room"
            name="room"
            required
            autofocus
            autocomplete="off"
            inputmode="text"
            value={state.error ? (state.room ?? '') : ''}
            {...(state.error ? { 'aria-describedby': 'paper-error' } : {})}
          />
          {ballot.matters.map((m, i) => (
            <fieldset>
              <legend>
                {t.matterN(i + 1)}：{m.title}
              </legend>
              <div class="choices">
                {choices.map((choice) => (
                  <label class="opt">
                    <input
                      type="radio"
                      name={`c_${m.id}`}
                      value={choice}
                      required
                      checked={state.selected?.[m.id] === choice}
                    />
                    {choiceWord(lang, choice)}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <div class="row">
            <div>
              <label class="field" for="channel">
                {t.channel}
              </label>
              <select id="channel" name="channel">
                <option value="paper" selected={state.channel !== 'proxy'}>
                  {t.channelPaper}
                </option>
                <option value="proxy" selected={state.channel === 'proxy'}>
                  {t.channelProxy}
                </option>
              </select>
            </div>
            <div>
              <label class="field" for="reference">
                {t.reference}
              </label>
              <input
                type="text"
                id="reference"
                name="reference"
                required
                maxlength={500}
                aria-describedby="reference-hint"
                value={state.error ? (state.reference ?? '') : ''}
              />
              <p class="hint" id="reference-hint">
                {t.referenceHint}
              </p>
            </div>
            <div>
              <label class="field" for="proxyName">
                {t.proxyName}
              </label>
              <input
                type="text"
                id="proxyName"
                name="proxyName"
                maxlength={200}
                value={state.error ? (state.proxyName ?? '') : ''}
              />
            </div>
          </div>
          <button type="submit">{t.enterNext}</button>
        </form>
        {recent.length > 0 ? (
          <>
            <h2>{t.recent}</h2>
            <table>
              <tbody>
                {recent.map((e) => (
                  <tr class={e.s === 'conflict' ? 'bad' : undefined}>
                    <td>{e.u}</td>
                    <td>{e.c}</td>
                    <td>
                      {e.s === 'ok' ? '✓' : e.s === 'resolved' ? t.resolved : t.conflictTitle}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
        {listed.length > 0 ? (
          <section aria-labelledby="open-conflicts-title">
            <h2 id="open-conflicts-title">{t.openConflicts(listed.length)}</h2>
            <p class="muted">{t.openConflictsLead}</p>
            {listed.map((conflict) => {
              const units = conflict.units.join('、') || '—';
              return (
                <form
                  method="post"
                  action={`${base}/paper/resolve?recent=${recentParam}`}
                  class="warn"
                  aria-label={units}
                >
                  <CsrfInput c={c} />
                  <input type="hidden" name="conflictId" value={conflict.conflictId} />
                  <input type="hidden" name="unit" value={units.slice(0, 40)} />
                  <p>
                    <strong>{units}</strong>
                  </p>
                  <p>
                    {t.conflictSheet(
                      channelWord(lang, conflict.sheet.channel),
                      conflict.sheet.reference,
                      conflict.sheet.collectedAt
                        ? formatInstant(conflict.sheet.collectedAt, lang)
                        : null,
                    )}
                  </p>
                  {conflict.existing ? (
                    <p>
                      {t.conflictExisting(
                        channelWord(lang, conflict.existing.channel),
                        formatInstant(conflict.existing.castAt, lang),
                      )}
                    </p>
                  ) : null}
                  <ResolveFields lang={lang} reasonId={`reason-${conflict.conflictId}`} />
                </form>
              );
            })}
          </section>
        ) : null}
        <p>
          <a href={base}>{t.back}</a>
        </p>
      </>,
    );
  };

  app.get('/staff/c/:communityId/ballots/:ballotId/paper', async (c) => {
    const loaded = await load(c);
    if ('response' in loaded) return loaded.response;
    const { g, ballot } = loaded;
    const recent = readRecent(c.req.query('recent'));
    const t = committeeTexts[g.lang];
    const last = recent[0];
    const notice =
      c.req.query('resolved') === '1'
        ? t.resolved
        : last && c.req.query('ok') === '1'
          ? t.recorded(last.u)
          : undefined;
    return render(
      c,
      g.lang,
      ballot,
      recent,
      await openConflicts(g, ballot.id),
      notice ? { notice } : {},
    );
  });

  app.post('/staff/c/:communityId/ballots/:ballotId/paper', async (c) => {
    const loaded = await load(c);
    if ('response' in loaded) return loaded.response;
    const { g, ballot } = loaded;
    const { lang } = g;
    const t = committeeTexts[lang];
    const recent = readRecent(c.req.query('recent'));
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const room = field(form, 'room');
    const channel = field(form, 'channel') === 'proxy' ? 'proxy' : 'paper';
    const reference = field(form, 'reference');
    const proxyName = field(form, 'proxyName');
    const selected: Record<string, PaperChoice> = {};
    for (const m of ballot.matters) {
      const value = field(form, `c_${m.id}`) as PaperChoice;
      if (choices.includes(value)) selected[m.id] = value;
    }
    const state: FormState = { room, channel, reference, proxyName, selected };
    const unit = parseUnit(room);
    const problem = !unit
      ? t.roomBad
      : Object.keys(selected).length !== ballot.matters.length
        ? t.needChoices
        : !reference
          ? t.needReference
          : channel === 'proxy' && !proxyName
            ? t.needProxy
            : null;
    if (problem || !unit)
      return render(
        c,
        lang,
        ballot,
        recent,
        await openConflicts(g, ballot.id),
        { ...state, error: problem ?? t.roomBad },
        400,
      );
    const summary = ballot.matters.map((m) => choiceWord(lang, selected[m.id]!)).join(' / ');
    const answer = await deps.ballots.paperVote(
      g.token,
      g.communityId,
      ballot.id,
      {
        unit,
        choices: ballot.matters.map((m) => ({ matterId: m.id, choice: selected[m.id]! })),
        channel,
        reference,
        ...(channel === 'proxy' ? { proxyName } : {}),
      },
      lang,
    );
    if (answer.ok) {
      const next = [{ u: room, s: 'ok' as const, c: summary }, ...recent];
      return c.redirect(
        `/staff/c/${g.communityId}/ballots/${ballot.id}/paper?ok=1&recent=${writeRecent(next)}`,
        303,
      );
    }
    const conflictId = answer.error.details.conflictId;
    if (answer.error.status === 409 && typeof conflictId === 'string') {
      const next = [{ u: room, s: 'conflict' as const, c: summary }, ...recent];
      return render(
        c,
        lang,
        ballot,
        next,
        await openConflicts(g, ballot.id),
        { conflict: { conflictId, unit: room } },
        409,
      );
    }
    if (answer.error.status >= 500) return apiErrorPage(c, lang, answer.error);
    return render(
      c,
      lang,
      ballot,
      recent,
      await openConflicts(g, ballot.id),
      { ...state, error: errorSentence(answer.error, lang) },
      400,
    );
  });

  app.post('/staff/c/:communityId/ballots/:ballotId/paper/resolve', async (c) => {
    const loaded = await load(c);
    if ('response' in loaded) return loaded.response;
    const { g, ballot } = loaded;
    const recent = readRecent(c.req.query('recent'));
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const conflictId = field(form, 'conflictId');
    const keep = field(form, 'keep') === 'paper' ? 'paper' : 'existing';
    const reason = field(form, 'reason');
    const unit = field(form, 'unit').slice(0, 40);
    if (!uuidPattern.test(conflictId) || !reason) {
      return render(
        c,
        g.lang,
        ballot,
        recent,
        await openConflicts(g, ballot.id),
        { conflict: { conflictId, unit }, error: committeeTexts[g.lang].reason },
        400,
      );
    }
    const answer = await deps.ballots.resolveConflict(
      g.token,
      g.communityId,
      ballot.id,
      conflictId,
      { keep, reason },
      g.lang,
    );
    if (!answer.ok) {
      return render(
        c,
        g.lang,
        ballot,
        recent,
        await openConflicts(g, ballot.id),
        { conflict: { conflictId, unit }, error: errorSentence(answer.error, g.lang) },
        400,
      );
    }
    const next = recent.map((e) =>
      e.u === unit && e.s === 'conflict' ? { ...e, s: 'resolved' as const } : e,
    );
    return c.redirect(
      `/staff/c/${g.communityId}/ballots/${ballot.id}/paper?resolved=1&recent=${writeRecent(next)}`,
      303,
    );
  });

  return app;
}
