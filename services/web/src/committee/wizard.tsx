/**
 * The ballot wizard: one plain form for a draft (matters with their item of Art. 278 and what it
 * takes to pass, scope, window, policies), saved through the ballots service, which answers the
 * notice-period warning (RULES.md §5) shown on the ballot's page. "Add a matter" and "add an
 * election" re-render the form with one more row, so no script is needed. An election (item 3)
 * takes its seats and its candidates' names, one per line; the service's refusals of a row are shown
 * inside that row's fieldset.
 */
import { MATTERS, QUORUM_RULE } from '@yishi/domain';
import { Hono } from 'hono';
import type { ApiError } from '../api.ts';
import type { BallotInput, StaffBallot } from '../ballots-staff-client.ts';
import type { Building } from '../directory-client.ts';
import type { Lang } from '../i18n.ts';
import { CsrfInput, staffPage } from '../staff/frame.tsx';
import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import {
  apiErrorPage,
  type CommitteeDeps,
  committeeGuard,
  communityLinks,
  errorSentence,
  field,
  fromLocalInput,
  toLocalInput,
  uuidPattern,
} from './common.tsx';
import { committeeTexts } from './texts.ts';

const MAX_MATTERS = 20;

/** One row of the form: a question, or an election with its seats and candidates (one a line). */
interface MatterRow {
  kind: 'question' | 'election';
  item: string;
  title: string;
  body: string;
  seats: string;
  candidates: string;
}

const questionRow = (): MatterRow => ({
  kind: 'question',
  item: '9',
  title: '',
  body: '',
  seats: '',
  candidates: '',
});
const electionRow = (): MatterRow => ({ ...questionRow(), kind: 'election', item: '3' });

/** The form's values as strings, as they are shown again. */
interface WizardValues {
  title: string;
  description: string;
  matters: MatterRow[];
  scope: 'estate' | 'buildings';
  buildingIds: string[];
  opensAt: string;
  closesAt: string;
  noticeGivenAt: string;
  multiUnit: string;
  invalidParticipates: boolean;
  deemed: string;
  clause: string;
  allowChange: boolean;
  publication: string;
  secondFactor: string;
}

function defaults(): WizardValues {
  const opens = new Date(Date.now() + 15 * 86_400_000);
  opens.setUTCHours(1, 0, 0, 0); // 09:00 in Beijing
  const closes = new Date(opens.getTime() + 14 * 86_400_000 + 10 * 3_600_000);
  return {
    title: '',
    description: '',
    matters: [1, 2, 3].map(questionRow),
    scope: 'estate',
    buildingIds: [],
    opensAt: toLocalInput(opens.toISOString()),
    closesAt: toLocalInput(closes.toISOString()),
    noticeGivenAt: '',
    multiUnit: 'owner_ballot',
    invalidParticipates: true,
    deemed: 'none',
    clause: '',
    allowChange: false,
    publication: 'named',
    secondFactor: 'none',
  };
}

function fromBallot(b: StaffBallot): WizardValues {
  return {
    title: b.title,
    description: b.description,
    matters: rowsOf(b.matters),
    scope: b.scope.kind,
    buildingIds: b.scope.kind === 'buildings' ? b.scope.buildingIds : [],
    opensAt: toLocalInput(b.window.opensAt),
    closesAt: toLocalInput(b.window.closesAt),
    noticeGivenAt: b.noticeGivenAt ? toLocalInput(b.noticeGivenAt).slice(0, 10) : '',
    multiUnit: b.policy.multiUnit,
    invalidParticipates: b.policy.invalidParticipates,
    deemed: b.policy.deemed,
    clause: b.rulesOfProcedureClause ?? '',
    allowChange: b.allowChange,
    publication: b.publication,
    secondFactor: b.secondFactor,
  };
}

/** A ballot's matters as rows: the candidates of one election become that election's row. */
function rowsOf(matters: StaffBallot['matters']): MatterRow[] {
  const rows: MatterRow[] = [];
  const elections = new Map<string, MatterRow>();
  for (const m of [...matters].sort((a, b) => a.position - b.position)) {
    if (!m.election) {
      rows.push({ ...questionRow(), item: String(m.item), title: m.title, body: m.body });
      continue;
    }
    const known = elections.get(m.election.id);
    if (known) {
      known.candidates += `\n${m.title}`;
      continue;
    }
    const row: MatterRow = {
      kind: 'election',
      item: String(m.item),
      title: m.election.title,
      body: m.election.body,
      seats: String(m.election.seats),
      candidates: m.title,
    };
    elections.set(m.election.id, row);
    rows.push(row);
  }
  return rows;
}

/** The candidates' names of a row, one a line, blank lines left out. */
const candidateNames = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

function readForm(form: Record<string, unknown>): WizardValues {
  const count = Math.min(
    MAX_MATTERS,
    Math.max(1, Number.parseInt(field(form, 'matterCount'), 10) || 1),
  );
  const all = (name: string) => {
    const value = form[name];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
      (v): v is string => typeof v === 'string' && uuidPattern.test(v),
    );
  };
  return {
    title: field(form, 'title'),
    description: field(form, 'description'),
    matters: Array.from({ length: count }, (_, i) =>
      field(form, `m${i}_kind`) === 'election'
        ? {
            ...electionRow(),
            title: field(form, `m${i}_title`),
            body: field(form, `m${i}_body`),
            seats: field(form, `m${i}_seats`),
            candidates: field(form, `m${i}_candidates`),
          }
        : {
            ...questionRow(),
            item: field(form, `m${i}_item`) || '9',
            title: field(form, `m${i}_title`),
            body: field(form, `m${i}_body`),
          },
    ),
    scope: field(form, 'scope') === 'buildings' ? 'buildings' : 'estate',
    buildingIds: all('buildingIds'),
    opensAt: field(form, 'opensAt'),
    closesAt: field(form, 'closesAt'),
    noticeGivenAt: field(form, 'noticeGivenAt'),
    multiUnit: field(form, 'multiUnit') === 'unit_split' ? 'unit_split' : 'owner_ballot',
    invalidParticipates: field(form, 'invalidParticipates') === 'on',
    deemed: field(form, 'deemed') === 'majority' ? 'majority' : 'none',
    clause: field(form, 'clause'),
    allowChange: field(form, 'allowChange') === 'on',
    publication: field(form, 'publication') === 'secret' ? 'secret' : 'named',
    secondFactor: ['phone_last4', 'id_last4'].includes(field(form, 'secondFactor'))
      ? field(form, 'secondFactor')
      : 'none',
  };
}

/** Problems of the whole form (listed first) and of rows (shown in their fieldset too). */
interface Problems {
  form: string[];
  rows: Map<number, string[]>;
}
const noProblems = (): Problems => ({ form: [], rows: new Map() });
const hasProblems = (p: Problems) => p.form.length > 0 || p.rows.size > 0;
const addRowProblem = (p: Problems, row: number, sentence: string) =>
  p.rows.set(row, [...(p.rows.get(row) ?? []), sentence]);

/**
 * The request to the ballots service, or the problems to show first. `rowOf` maps each matter
 * sent back to its row of the form (rows left empty are not sent), for the service's refusals.
 */
function toInput(
  v: WizardValues,
  lang: Lang,
): { input: BallotInput; rowOf: number[] } | { problems: Problems } {
  const t = committeeTexts[lang];
  const problems = noProblems();
  if (!v.title) problems.form.push(t.needTitle);
  const matters: BallotInput['matters'] = [];
  const rowOf: number[] = [];
  v.matters.forEach((m, row) => {
    if (m.kind === 'election') {
      const names = candidateNames(m.candidates);
      if (!m.title && names.length === 0) return;
      if (!m.title) addRowProblem(problems, row, t.needElectionTitle(row + 1));
      if (names.length === 0) addRowProblem(problems, row, t.needCandidates(row + 1));
      // The seats are the service's to check (a whole number, at most the candidates).
      const seats = /^\d{1,3}$/.test(m.seats) ? Number(m.seats) : 0;
      matters.push({
        kind: 'election',
        title: m.title,
        body: m.body,
        seats,
        candidates: names.map((name) => ({ name })),
      });
    } else {
      if (!m.title) return;
      matters.push({
        item: Math.min(9, Math.max(1, Number(m.item) || 9)),
        title: m.title,
        body: m.body,
      });
    }
    rowOf.push(row);
  });
  if (matters.length === 0) problems.form.push(t.needMatter);
  const opensAt = fromLocalInput(v.opensAt);
  const closesAt = fromLocalInput(v.closesAt);
  if (!opensAt || !closesAt) problems.form.push(t.badWindow);
  if (hasProblems(problems) || !opensAt || !closesAt) return { problems };
  const notice = /^\d{4}-\d{2}-\d{2}$/.test(v.noticeGivenAt)
    ? new Date(`${v.noticeGivenAt}T00:00:00+08:00`).toISOString()
    : null;
  return {
    input: {
      title: v.title,
      description: v.description,
      matters,
      scope:
        v.scope === 'buildings'
          ? { kind: 'buildings', buildingIds: v.buildingIds }
          : { kind: 'estate' },
      window: { opensAt, closesAt },
      policy: {
        multiUnit: v.multiUnit as BallotInput['policy']['multiUnit'],
        invalidParticipates: v.invalidParticipates,
        deemed: v.deemed as BallotInput['policy']['deemed'],
      },
      allowChange: v.allowChange,
      publication: v.publication as BallotInput['publication'],
      secondFactor: v.secondFactor as BallotInput['secondFactor'],
      noticeGivenAt: notice,
      rulesOfProcedureClause: v.clause || null,
    },
    rowOf,
  };
}

/**
 * The service's refusal as problems: each validation issue under `matters.<n>` goes to the row
 * it came from, next to its fields; the service's sentence and any other issue lead the form.
 */
function refusalProblems(error: ApiError, lang: Lang, rowOf: number[]): Problems {
  const problems = noProblems();
  const issues = Array.isArray(error.details.issues)
    ? (error.details.issues as { path?: unknown[]; message?: string }[])
    : [];
  const general: { path?: unknown[]; message?: string }[] = [];
  for (const issue of issues.slice(0, 20)) {
    const path = Array.isArray(issue.path) ? issue.path : [];
    const row = path[0] === 'matters' && typeof path[1] === 'number' ? rowOf[path[1]] : undefined;
    if (row === undefined) {
      general.push(issue);
      continue;
    }
    const rest = path.slice(2).join('.');
    addRowProblem(problems, row, `${rest ? `${rest}: ` : ''}${issue.message ?? ''}`);
  }
  problems.form.push(
    errorSentence({ ...error, details: { ...error.details, issues: general } }, lang),
  );
  return problems;
}

/** A matter row's title (labelled for its kind) and its text as owners read it. */
function TitleAndBody(props: {
  i: number;
  m: MatterRow;
  titleLabel: string;
  invalid: { 'aria-invalid'?: 'true'; 'aria-describedby'?: string };
  lang: Lang;
}) {
  const { i, m } = props;
  return (
    <>
      <label class="field" for={`m${i}_title`}>
        {props.titleLabel}
      </label>
      <input
        type="text"
        id={`m${i}_title`}
        name={`m${i}_title`}
        maxlength={200}
        value={m.title}
        {...props.invalid}
      />
      <label class="field" for={`m${i}_body`}>
        {committeeTexts[props.lang].fMatterBody}
      </label>
      <textarea id={`m${i}_body`} name={`m${i}_body`} maxlength={20000}>
        {m.body}
      </textarea>
    </>
  );
}

function WizardForm(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  action: string;
  values: WizardValues;
  buildings: Building[];
  problems: Problems;
}) {
  const { c, lang, values: v } = props;
  const t = committeeTexts[lang];
  const radio = (name: string, value: string, label: string, checked: boolean) => (
    <label class="opt">
      <input type="radio" name={name} value={value} checked={checked} />
      {label}
    </label>
  );
  return (
    <form method="post" action={props.action}>
      <CsrfInput c={c} />
      {hasProblems(props.problems) ? (
        <div class="error" role="alert" id="wizard-problems">
          <p>{t.fixBelow}</p>
          <ul>
            {[...props.problems.form, ...[...props.problems.rows.values()].flat()].map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <label class="field" for="title">
        {t.fTitle}
      </label>
      <input type="text" id="title" name="title" maxlength={200} value={v.title} required />
      <label class="field" for="description">
        {t.fDescription}
      </label>
      <textarea id="description" name="description" maxlength={20000}>
        {v.description}
      </textarea>

      <h2>{t.matters}</h2>
      <p class="muted">{t.mattersLead}</p>
      <p class="note">
        {t.quorum}
        {QUORUM_RULE[lang]}
      </p>
      <input type="hidden" name="matterCount" value={String(v.matters.length)} />
      {v.matters.map((m, i) => {
        const rowProblems = props.problems.rows.get(i) ?? [];
        const invalid =
          rowProblems.length > 0
            ? { 'aria-invalid': 'true' as const, 'aria-describedby': `m${i}_problems` }
            : {};
        const problemList =
          rowProblems.length > 0 ? (
            <ul class="error" id={`m${i}_problems`}>
              {rowProblems.map((p) => (
                <li>{p}</li>
              ))}
            </ul>
          ) : null;
        if (m.kind === 'election') {
          return (
            <fieldset>
              <legend>{t.electionN(i + 1)}</legend>
              <input type="hidden" name={`m${i}_kind`} value="election" />
              <p class="hint">{t.electionLead}</p>
              {problemList}
              <TitleAndBody
                i={i}
                m={m}
                titleLabel={t.fElectionTitle}
                invalid={invalid}
                lang={lang}
              />
              <label class="field" for={`m${i}_seats`}>
                {t.fSeats}
              </label>
              <input
                type="number"
                id={`m${i}_seats`}
                name={`m${i}_seats`}
                min={1}
                max={20}
                inputmode="numeric"
                value={m.seats}
                {...invalid}
              />
              <label class="field" for={`m${i}_candidates`}>
                {t.fCandidates}
              </label>
              <textarea
                id={`m${i}_candidates`}
                name={`m${i}_candidates`}
                rows={6}
                maxlength={2100}
                aria-describedby={
                  rowProblems.length > 0 ? `m${i}_problems m${i}_cand_hint` : `m${i}_cand_hint`
                }
                {...(rowProblems.length > 0 ? { 'aria-invalid': 'true' } : {})}
              >
                {m.candidates}
              </textarea>
              <p class="hint" id={`m${i}_cand_hint`}>
                {t.candidatesHint}
              </p>
            </fieldset>
          );
        }
        const chosen = MATTERS.find((x) => String(x.item) === m.item) ?? MATTERS[8]!;
        return (
          <fieldset>
            <legend>{t.matterN(i + 1)}</legend>
            {problemList}
            <label class="field" for={`m${i}_item`}>
              {t.fItem}
            </label>
            <select id={`m${i}_item`} name={`m${i}_item`} aria-describedby={`m${i}_reads`}>
              {MATTERS.map((x) => (
                <option value={String(x.item)} selected={String(x.item) === m.item}>
                  {`(${x.item}) ${x.label[lang]}`}
                </option>
              ))}
            </select>
            <p class="hint" id={`m${i}_reads`}>
              {t.ownerReads}
              {chosen.explanation[lang]}
            </p>
            <TitleAndBody i={i} m={m} titleLabel={t.fMatterTitle} invalid={invalid} lang={lang} />
          </fieldset>
        );
      })}
      {v.matters.length < MAX_MATTERS ? (
        <p>
          <button type="submit" name="action" value="add" class="secondary small" formnovalidate>
            {t.addMatter}
          </button>{' '}
          <button
            type="submit"
            name="action"
            value="addElection"
            class="secondary small"
            formnovalidate
          >
            {t.addElection}
          </button>
        </p>
      ) : null}
      <details>
        <summary>
          {lang === 'zh' ? '第二百七十八条各项的通过条件' : 'What each item of Art. 278 takes'}
        </summary>
        <ul>
          {MATTERS.map((x) => (
            <li>
              <strong>{`(${x.item}) ${x.label[lang]}`}</strong>：{x.explanation[lang]}
            </li>
          ))}
        </ul>
      </details>

      <fieldset>
        <legend>{t.scope}</legend>
        {radio('scope', 'estate', t.estate, v.scope === 'estate')}
        {radio('scope', 'buildings', t.someBuildings, v.scope === 'buildings')}
        {props.buildings.length === 0 ? (
          <p class="muted">{t.noBuildings}</p>
        ) : (
          <>
            <p class="muted">{t.buildingsLead}</p>
            <div class="choices">
              {props.buildings.map((b) => (
                <label class="opt">
                  <input
                    type="checkbox"
                    name="buildingIds"
                    value={b.id}
                    checked={v.buildingIds.includes(b.id)}
                  />
                  {t.buildingOption(b.name, b.unitCount)}
                </label>
              ))}
            </div>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t.windowTitle}</legend>
        <div class="row">
          <div>
            <label class="field" for="opensAt">
              {t.opensAt}
            </label>
            <input type="datetime-local" id="opensAt" name="opensAt" value={v.opensAt} required />
          </div>
          <div>
            <label class="field" for="closesAt">
              {t.closesAt}
            </label>
            <input
              type="datetime-local"
              id="closesAt"
              name="closesAt"
              value={v.closesAt}
              required
            />
          </div>
        </div>
        <label class="field" for="noticeGivenAt">
          {t.noticeGivenAt}
        </label>
        <input
          type="date"
          id="noticeGivenAt"
          name="noticeGivenAt"
          value={v.noticeGivenAt}
          aria-describedby="notice-hint"
        />
        <p class="hint" id="notice-hint">
          {t.noticeHint}
        </p>
      </fieldset>

      <fieldset>
        <legend>{t.policies}</legend>
        <p>
          <strong>{t.multiUnit}</strong>
        </p>
        {radio(
          'multiUnit',
          'owner_ballot',
          t.multiUnitOptions.owner_ballot!,
          v.multiUnit === 'owner_ballot',
        )}
        {radio(
          'multiUnit',
          'unit_split',
          t.multiUnitOptions.unit_split!,
          v.multiUnit === 'unit_split',
        )}
        <label class="opt">
          <input type="checkbox" name="invalidParticipates" checked={v.invalidParticipates} />
          {t.invalidParticipates}
        </label>
        <p>
          <strong>{t.deemed}</strong>
        </p>
        {radio('deemed', 'none', t.deemedOptions.none!, v.deemed === 'none')}
        {radio('deemed', 'majority', t.deemedOptions.majority!, v.deemed === 'majority')}
        <label class="field" for="clause">
          {t.clause}
        </label>
        <input type="text" id="clause" name="clause" maxlength={500} value={v.clause} />
        <label class="opt">
          <input type="checkbox" name="allowChange" checked={v.allowChange} />
          {t.allowChange}
        </label>
        <p>
          <strong>{t.publication}</strong>
        </p>
        {radio('publication', 'named', t.publicationOptions.named!, v.publication === 'named')}
        {radio('publication', 'secret', t.publicationOptions.secret!, v.publication === 'secret')}
        <p>
          <strong>{t.secondFactor}</strong>
        </p>
        {(['none', 'phone_last4', 'id_last4'] as const).map((f) =>
          radio('secondFactor', f, t.secondFactorOptions[f]!, v.secondFactor === f),
        )}
      </fieldset>
      <button type="submit" name="action" value="save">
        {t.saveDraft}
      </button>
    </form>
  );
}

/** "Add a matter" or "add an election": the same values with one more row; null otherwise. */
function addRow(values: WizardValues, action: string): WizardValues | null {
  if (action !== 'add' && action !== 'addElection') return null;
  if (values.matters.length >= MAX_MATTERS) return values;
  values.matters.push(action === 'add' ? questionRow() : electionRow());
  return values;
}

export function committeeWizardPages(deps: CommitteeDeps) {
  const app = new Hono<StaffSessionEnv>();
  app.use('/staff/c/*', requireStaffSession());

  const show = async (
    c: Parameters<typeof committeeGuard>[0],
    g: { lang: Lang; communityId: string; token: string },
    props: { title: string; action: string; values: WizardValues; problems: Problems },
  ) => {
    const buildings = await deps.directory.buildings(g.token, g.communityId);
    return staffPage(
      c,
      {
        lang: g.lang,
        title: props.title,
        links: communityLinks(g.lang, g.communityId),
        ...(hasProblems(props.problems) ? { status: 400 as const } : {}),
      },
      <>
        <h1>{props.title}</h1>
        <WizardForm
          c={c}
          lang={g.lang}
          action={props.action}
          values={props.values}
          buildings={buildings.ok ? buildings.value : []}
          problems={props.problems}
        />
      </>,
    );
  };

  app.get('/staff/c/:communityId/ballots/new', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const t = committeeTexts[g.lang];
    return show(c, g, {
      title: t.wizardTitle,
      action: `/staff/c/${g.communityId}/ballots/new`,
      values: defaults(),
      problems: noProblems(),
    });
  });

  app.post('/staff/c/:communityId/ballots/new', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const t = committeeTexts[g.lang];
    const form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const values = readForm(form);
    const props = { title: t.wizardTitle, action: `/staff/c/${g.communityId}/ballots/new` };
    const added = addRow(values, field(form, 'action'));
    if (added) return show(c, g, { ...props, values: added, problems: noProblems() });
    const prepared = toInput(values, g.lang);
    if ('problems' in prepared)
      return show(c, g, { ...props, values, problems: prepared.problems });
    // A draft leaves out what is not given; an edit clears it with null.
    const { noticeGivenAt, rulesOfProcedureClause, ...rest } = prepared.input;
    const answer = await deps.ballots.draft(
      g.token,
      g.communityId,
      {
        ...rest,
        ...(noticeGivenAt ? { noticeGivenAt } : {}),
        ...(rulesOfProcedureClause ? { rulesOfProcedureClause } : {}),
      },
      g.lang,
    );
    if (!answer.ok) {
      if (answer.error.status >= 500 || answer.error.status === 404)
        return apiErrorPage(c, g.lang, answer.error);
      return show(c, g, {
        ...props,
        values,
        problems: refusalProblems(answer.error, g.lang, prepared.rowOf),
      });
    }
    return c.redirect(`/staff/c/${g.communityId}/ballots/${answer.value.id}`, 303);
  });

  app.get('/staff/c/:communityId/ballots/:ballotId/edit', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const ballotId = c.req.param('ballotId');
    if (!uuidPattern.test(ballotId)) return c.redirect(`/staff/c/${g.communityId}`, 303);
    const answer = await deps.ballots.get(g.token, g.communityId, ballotId);
    if (!answer.ok) return apiErrorPage(c, g.lang, answer.error);
    const t = committeeTexts[g.lang];
    return show(c, g, {
      title: t.editTitle,
      action: `/staff/c/${g.communityId}/ballots/${ballotId}/edit`,
      values: fromBallot(answer.value),
      problems: noProblems(),
    });
  });

  app.post('/staff/c/:communityId/ballots/:ballotId/edit', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const ballotId = c.req.param('ballotId');
    if (!uuidPattern.test(ballotId)) return c.redirect(`/staff/c/${g.communityId}`, 303);
    const t = committeeTexts[g.lang];
    const form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const values = readForm(form);
    const props = {
      title: t.editTitle,
      action: `/staff/c/${g.communityId}/ballots/${ballotId}/edit`,
    };
    const added = addRow(values, field(form, 'action'));
    if (added) return show(c, g, { ...props, values: added, problems: noProblems() });
    const prepared = toInput(values, g.lang);
    if ('problems' in prepared)
      return show(c, g, { ...props, values, problems: prepared.problems });
    const answer = await deps.ballots.update(
      g.token,
      g.communityId,
      ballotId,
      prepared.input,
      g.lang,
    );
    if (!answer.ok) {
      if (answer.error.status >= 500 || answer.error.status === 404)
        return apiErrorPage(c, g.lang, answer.error);
      return show(c, g, {
        ...props,
        values,
        problems: refusalProblems(answer.error, g.lang, prepared.rowOf),
      });
    }
    return c.redirect(`/staff/c/${g.communityId}/ballots/${ballotId}?done=updated`, 303);
  });

  return app;
}
