/**
 * The ballot wizard: one plain form for a draft (matters with their item of Art. 278 and what it
 * takes to pass, scope, window, policies), saved through the ballots service, which answers the
 * notice-period warning (RULES.md §5) shown on the ballot's page. "Add a matter" re-renders the form
 * with one more row, so no script is needed.
 */
import { MATTERS, QUORUM_RULE } from '@yishi/domain';
import { Hono } from 'hono';
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

/** The form's values as strings, as they are shown again. */
interface WizardValues {
  title: string;
  description: string;
  matters: { item: string; title: string; body: string }[];
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
    matters: [1, 2, 3].map(() => ({ item: '9', title: '', body: '' })),
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
    matters: b.matters.map((m) => ({ item: String(m.item), title: m.title, body: m.body })),
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
    matters: Array.from({ length: count }, (_, i) => ({
      item: field(form, `m${i}_item`) || '9',
      title: field(form, `m${i}_title`),
      body: field(form, `m${i}_body`),
    })),
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

/** The request to the ballots service, or the problems to show first. */
function toInput(v: WizardValues, lang: Lang): { input: BallotInput } | { problems: string[] } {
  const t = committeeTexts[lang];
  const problems: string[] = [];
  if (!v.title) problems.push(t.needTitle);
  const matters = v.matters
    .filter((m) => m.title)
    .map((m) => ({
      item: Math.min(9, Math.max(1, Number(m.item) || 9)),
      title: m.title,
      body: m.body,
    }));
  if (matters.length === 0) problems.push(t.needMatter);
  const opensAt = fromLocalInput(v.opensAt);
  const closesAt = fromLocalInput(v.closesAt);
  if (!opensAt || !closesAt) problems.push(t.badWindow);
  if (problems.length > 0 || !opensAt || !closesAt) return { problems };
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
  };
}

function WizardForm(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  action: string;
  values: WizardValues;
  buildings: Building[];
  problems: string[];
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
      {props.problems.length > 0 ? (
        <div class="error" role="alert" id="wizard-problems">
          <p>{t.fixBelow}</p>
          <ul>
            {props.problems.map((p) => (
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
        const chosen = MATTERS.find((x) => String(x.item) === m.item) ?? MATTERS[8]!;
        return (
          <fieldset>
            <legend>{t.matterN(i + 1)}</legend>
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
            <label class="field" for={`m${i}_title`}>
              {t.fMatterTitle}
            </label>
            <input
              type="text"
              id={`m${i}_title`}
              name={`m${i}_title`}
              maxlength={200}
              value={m.title}
            />
            <label class="field" for={`m${i}_body`}>
              {t.fMatterBody}
            </label>
            <textarea id={`m${i}_body`} name={`m${i}_body`} maxlength={20000}>
              {m.body}
            </textarea>
          </fieldset>
        );
      })}
      {v.matters.length < MAX_MATTERS ? (
        <button type="submit" name="action" value="add" class="secondary small" formnovalidate>
          {t.addMatter}
        </button>
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

export function committeeWizardPages(deps: CommitteeDeps) {
  const app = new Hono<StaffSessionEnv>();
  app.use('/staff/c/*', requireStaffSession());

  const show = async (
    c: Parameters<typeof committeeGuard>[0],
    g: { lang: Lang; communityId: string; token: string },
    props: { title: string; action: string; values: WizardValues; problems: string[] },
  ) => {
    const buildings = await deps.directory.buildings(g.token, g.communityId);
    return staffPage(
      c,
      {
        lang: g.lang,
        title: props.title,
        links: communityLinks(g.lang, g.communityId),
        ...(props.problems.length > 0 ? { status: 400 as const } : {}),
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
      problems: [],
    });
  });

  app.post('/staff/c/:communityId/ballots/new', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const t = committeeTexts[g.lang];
    const form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const values = readForm(form);
    const props = { title: t.wizardTitle, action: `/staff/c/${g.communityId}/ballots/new` };
    if (field(form, 'action') === 'add') {
      values.matters.push({ item: '9', title: '', body: '' });
      return show(c, g, { ...props, values, problems: [] });
    }
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
      return show(c, g, { ...props, values, problems: [errorSentence(answer.error, g.lang)] });
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
      problems: [],
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
    if (field(form, 'action') === 'add') {
      values.matters.push({ item: '9', title: '', body: '' });
      return show(c, g, { ...props, values, problems: [] });
    }
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
      return show(c, g, { ...props, values, problems: [errorSentence(answer.error, g.lang)] });
    }
    return c.redirect(`/staff/c/${g.communityId}/ballots/${ballotId}?done=updated`, 303);
  });

  return app;
}
