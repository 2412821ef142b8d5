import type { AppEnv } from '@yishi/app';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BallotsClient, PublicResult, ReceiptCheck } from '../ballots-client.ts';
import { formatInstant, type Lang, langOf, resultTexts, texts } from '../i18n.ts';
import { Layout } from '../views/layout.tsx';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/r/{ballotId}`, keeping the language. */
export function resultPath(ballotId: string, lang: Lang, query: Record<string, string> = {}) {
  const params = new URLSearchParams(query);
  if (lang === 'en') params.set('lang', 'en');
  const search = params.toString();
  return `/r/${encodeURIComponent(ballotId)}${search ? `?${search}` : ''}`;
}

/** A receipt code as people copy it: any case, with or without dashes or spaces. */
export function normalizeReceipt(input: string): string | null {
  const bare = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[0-9A-Z]{16}$/.test(bare)) return null;
  return bare.match(/.{4}/g)!.join('-');
}

type Matter = PublicResult['matters'][number];
type Outcome = NonNullable<Matter['result']>;

function MatterResult(props: { matter: Matter; index: number; lang: Lang }) {
  const t = resultTexts[props.lang];
  const m = props.matter;
  const r = m.result;
  const id = `m-${m.id}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {texts[props.lang].matter(props.index + 1)}：{m.title}
      </h2>
      {m.body ? <p>{m.body}</p> : null}
      <p class="muted">
        {m.label[props.lang]}（{texts[props.lang].item(m.item)}）
      </p>
      <p class="note">{t.threshold[m.threshold] ?? m.explanation[props.lang]}</p>
      {r ? <Outcome result={r} lang={props.lang} /> : <p>{t.noResult}</p>}
    </section>
  );
}

function Outcome(props: { result: Outcome; lang: Lang }) {
  const t = resultTexts[props.lang];
  const r = props.result;
  const why = r.decision === 'formed' ? 'formed' : r.quorum.met ? 'approval' : 'quorum';
  return (
    <>
      <p class={`decision ${r.decision === 'formed' ? 'formed' : 'not-formed'}`}>
        {t.decision[r.decision]}
      </p>
      <p>{t.decisionWhy[why]}</p>
      <h3>{t.figures}</h3>
      <ul class="figs">
        <li>
          <strong>{t.participating}</strong>
          {t.againstTotal}：{t.area(r.participatingArea, r.totalArea, r.quorum.area.percent)}；
          {t.heads(
            String(r.participatingHeadcount),
            String(r.totalHeadcount),
            r.quorum.headcount.percent,
          )}
        </li>
        <li>
          <strong>{t.agree}</strong>
          {t.againstParticipants}：
          {t.area(r.agreeArea, r.approval.area.denominator, r.approval.area.percent)}；
          {t.heads(
            String(r.agreeHeadcount),
            r.approval.headcount.denominator,
            r.approval.headcount.percent,
          )}
        </li>
        <li>
          {t.othersLine(
            r.oppose.area,
            r.oppose.headcount,
            r.abstain.area,
            r.abstain.headcount,
            r.invalid.area,
            r.invalid.headcount,
          )}
        </li>
        <li>
          <strong>{t.quorumMet(r.quorum.met)}</strong>
        </li>
        <li>
          <strong>{t.approvalMet(r.approval.met)}</strong>
        </li>
      </ul>
    </>
  );
}

/** "1-2-301" → building 1, entrance 2, room 301 (a unit number that does not split stays whole). */
function splitUnit(unit: string) {
  const parts = unit.split('-');
  return parts.length === 3
    ? { building: parts[0]!, entrance: parts[1]!, room: parts[2]! }
    : { building: '', entrance: '', room: unit };
}

/** One collapsible group per building, so a large estate stays readable on a phone. */
function UnitList(props: { result: PublicResult; lang: Lang }) {
  const t = resultTexts[props.lang];
  const { result } = props;
  const named = result.publication === 'named';
  const matters = [...result.matters].sort((a, b) => a.position - b.position);
  const groups = new Map<string, PublicResult['units']>();
  for (const u of result.units) {
    const { building } = splitUnit(u.unit);
    groups.set(building, [...(groups.get(building) ?? []), u]);
  }
  const choiceWords = texts[props.lang].choices;
  return (
    <section aria-labelledby="units">
      <h2 id="units">{t.units}</h2>
      <p>{named ? t.unitsNamed : t.unitsSecret}</p>
      {[...groups].map(([building, units]) => (
        <details>
          <summary>{building ? t.building(building, units.length) : `${units.length}`}</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{t.roomCol}</th>
                <th scope="col" class="num">
                  {t.areaCol}
                </th>
                {named ? <th scope="col">{t.choiceCol}</th> : null}
              </tr>
            </thead>
            <tbody>
              {units.map((u) => {
                const p = splitUnit(u.unit);
                return (
                  <tr>
                    <th scope="row">{p.building ? t.room(p.entrance, p.room) : p.room}</th>
                    <td class="num">{u.area}</td>
                    {named ? (
                      <td>
                        {u.voted && u.choices
                          ? matters.map((m, i) => (
                              <>
                                {i > 0 ? <br /> : null}
                                {matters.length > 1 ? `${t.matterShort(i + 1)} ` : ''}
                                {choiceWords[u.choices?.[m.id] ?? ''] ?? '—'}
                              </>
                            ))
                          : t.notVoted}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}

function Policy(props: { result: PublicResult; lang: Lang }) {
  const t = resultTexts[props.lang];
  const { policy } = props.result;
  const hashes: [string, string | null][] = [
    [t.snapshotHash, props.result.snapshotHash],
    [t.voteDigest, props.result.voteDigest],
    [t.auditHead, props.result.auditHead],
  ];
  return (
    <>
      <h2>{t.policy}</h2>
      <ul class="figs">
        <li>{t.quorumRule}</li>
        <li>{t.multiUnit[policy.multiUnit] ?? policy.multiUnit}</li>
        <li>{t.invalid(policy.invalidParticipates)}</li>
        <li>{t.deemed[policy.deemed] ?? policy.deemed}</li>
      </ul>
      <h2>{t.proof}</h2>
      <dl>
        {hashes.map(([label, value]) =>
          value ? (
            <>
              <dt>{label}</dt>
              <dd class="hash">{value}</dd>
            </>
          ) : null,
        )}
      </dl>
    </>
  );
}

type ReceiptState = { kind: 'bad' } | { kind: 'checked'; check: ReceiptCheck } | null;

function ReceiptForm(props: { ballotId: string; lang: Lang; code: string; state: ReceiptState }) {
  const t = resultTexts[props.lang];
  const { state } = props;
  let answer: string | null = null;
  if (state?.kind === 'checked') {
    const { status, matters } = state.check;
    answer =
      status === 'counted' || status === 'recorded'
        ? t.receipt[status](matters)
        : t.receipt[status];
  }
  return (
    <section id="receipt" aria-labelledby="receipt-title">
      <h2 id="receipt-title">{t.receiptTitle}</h2>
      {state?.kind === 'bad' ? (
        <p class="error" role="alert" id="receipt-error">
          {t.receiptBad}
        </p>
      ) : null}
      {answer && state?.kind === 'checked' ? (
        <p class={state.check.status === 'unknown' ? 'error' : 'ok'} role="status">
          {props.code}：{answer}
        </p>
      ) : null}
      <p>{t.receiptLead}</p>
      <form method="get" action={`/r/${encodeURIComponent(props.ballotId)}#receipt`}>
        {props.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <label for="rc">{t.receiptLabel}</label>
        <br />
        <input
          type="text"
          id="rc"
          name="receipt"
          class="rc"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          maxlength={24}
          required
          value={props.code}
          {...(state?.kind === 'bad'
            ? { 'aria-invalid': 'true', 'aria-describedby': 'receipt-error' }
            : {})}
        />
        <button type="submit">{t.receiptCheck}</button>
      </form>
    </section>
  );
}

/** The public result (公示) of a ballot and the receipt check: plain HTML, no script. */
export function resultPages(deps: { ballots: BallotsClient; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const page = (
    c: Context<AppEnv>,
    props: { lang: Lang; title: string; ballotId: string; status?: ContentfulStatusCode },
    body: Child,
  ) => {
    const other: Lang = props.lang === 'zh' ? 'en' : 'zh';
    const receipt = c.req.query('receipt');
    const html = (
      <Layout
        lang={props.lang}
        title={props.title}
        product={resultTexts[props.lang].product}
        switchHref={resultPath(props.ballotId, other, receipt ? { receipt } : {})}
      >
        {body}
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
  };

  const app = new Hono<AppEnv>();

  app.use('/r/*', async (c, next) => {
    await next();
    // A receipt code may be in the address: keep it out of caches and other sites' logs.
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
  });

  app.get('/r/:ballotId', async (c) => {
    const ballotId = c.req.param('ballotId');
    const lang = langOf(c.req.query('lang'));
    const t = resultTexts[lang];
    const rawCode = (c.req.query('receipt') ?? '').trim();
    const notFound = () =>
      page(
        c,
        { lang, title: t.notFoundTitle, ballotId, status: 404 },
        <>
          <h1>{t.notFoundTitle}</h1>
          <p class="note">{t.notFound}</p>
          <p>{t.help}</p>
        </>,
      );
    if (!uuidPattern.test(ballotId)) return notFound();
    const answer = await deps.ballots.publicResult(ballotId);
    if (!answer.ok) {
      if (answer.refusal === 'not_published') return notFound();
      return page(
        c,
        { lang, title: texts[lang].errorTitle, ballotId, status: 503 },
        <>
          <h1>{texts[lang].errorTitle}</h1>
          <p class="error" role="alert">
            {t.unavailable}
          </p>
        </>,
      );
    }
    // Voting ended and the result is being certified: say when it closed and when it is due.
    if ('result' in answer.value) {
      const pending = answer.value;
      return page(
        c,
        { lang, title: t.pendingTitle, ballotId },
        <>
          <h1>{pending.title}</h1>
          <section class="note">
            <h2>{t.pendingTitle}</h2>
            <p>{t.pending(formatInstant(pending.closedAt, lang))}</p>
            {pending.publicationDueBy ? (
              <p>{t.pendingDue(formatInstant(pending.publicationDueBy, lang))}</p>
            ) : null}
          </section>
          <p>{t.help}</p>
        </>,
      );
    }
    const result = answer.value;
    // Published with a window that starts later: say when, and show nothing before it.
    if (result.publishedFrom && new Date(result.publishedFrom) > now()) {
      return page(
        c,
        { lang, title: t.notYetTitle, ballotId },
        <>
          <h1>{result.title}</h1>
          <section class="note">
            <h2>{t.notYetTitle}</h2>
            <p>{t.notYet(formatInstant(result.publishedFrom, lang))}</p>
          </section>
          <p>{t.help}</p>
        </>,
      );
    }
    let code = '';
    let state: ReceiptState = null;
    if (rawCode) {
      const normalized = normalizeReceipt(rawCode);
      if (!normalized) {
        code = rawCode.slice(0, 24);
        state = { kind: 'bad' };
      } else {
        code = normalized;
        const check = await deps.ballots.receiptCheck(ballotId, normalized);
        state = check.ok ? { kind: 'checked', check: check.value } : { kind: 'bad' };
      }
    }
    const matters = [...result.matters].sort((a, b) => a.position - b.position);
    return page(
      c,
      { lang, title: t.title(result.title), ballotId, status: state?.kind === 'bad' ? 400 : 200 },
      <>
        <h1>{t.title(result.title)}</h1>
        {result.publishedFrom && result.publishedUntil ? (
          <p class="muted">
            {t.window(
              formatInstant(result.publishedFrom, lang),
              formatInstant(result.publishedUntil, lang),
            )}
          </p>
        ) : null}
        {result.closedAt ? (
          <p class="muted">{t.closedAt(formatInstant(result.closedAt, lang))}</p>
        ) : null}
        {matters.map((m, i) => (
          <MatterResult matter={m} index={i} lang={lang} />
        ))}
        <ReceiptForm ballotId={ballotId} lang={lang} code={code} state={state} />
        <UnitList result={result} lang={lang} />
        <Policy result={result} lang={lang} />
        <p>{t.help}</p>
      </>,
    );
  });

  return app;
}
