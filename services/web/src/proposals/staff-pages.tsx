/**
 * The staff side of proposals and wishes under `/staff/c/{communityId}/…` (also reachable as
 * `/staff/communities/{communityId}/…`): the list (drafts too), a proposal with moderation
 * (hide a comment with a reason), the status moves after a decision (being implemented, done),
 * implementation updates with photos, the fund ledger with its entry form, print view and CSV,
 * and the wall of wishes with claims recorded for volunteers, Party members and partner units.
 * Any staff member of the community may open the pages; the proposals service decides who may do
 * what and its refusal is shown in its own words. Plain forms (CSRF-checked), no script.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api.ts';
import { apiErrorPage, committeeGuard, communityLinks } from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import { CsrfInput, type NavLink } from '../staff/frame.tsx';
import { csrfToken, requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import {
  type ClaimantKind,
  claimantKinds,
  type LedgerKind,
  type ProposalsClient,
  type WishStatus,
  wishStatuses,
} from './client.ts';
import {
  cursorOf,
  doneMessage,
  field,
  filesOf,
  staffBase,
  staffPaths,
  statusOf,
} from './common.ts';
import { printPage, staffProposalPage } from './frame.tsx';
import { CosignBlock, passThrough, WishForm } from './owner-pages.tsx';
import { fenOf, proposalTexts } from './texts.ts';
import {
  CommentsSection,
  DecisionBlock,
  FieldError,
  LedgerTable,
  Notice,
  Pager,
  PrintableLedger,
  ProposalCard,
  ProposalHead,
  StatusFilter,
  Updates,
  uuidPattern,
  WishCard,
  WishTabs,
} from './views.tsx';

const MAX_PHOTOS = 5;
const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

export interface StaffProposalDeps {
  proposals: ProposalsClient;
  now?: () => Date;
}

/** The community's navigation with proposals and wishes. */
export function proposalLinks(lang: Lang, communityId: string): NavLink[] {
  const t = proposalTexts[lang];
  return [
    ...communityLinks(lang, communityId),
    { href: `${staffBase(communityId)}/proposals`, label: t.staffList },
    { href: `${staffBase(communityId)}/wishes`, label: t.staffWishes },
  ];
}

type G = { lang: Lang; communityId: string; token: string };

export function staffProposalPages(deps: StaffProposalDeps) {
  const api = deps.proposals;
  const now = () => deps.now?.() ?? new Date();
  const app = new Hono<StaffSessionEnv>();

  // The addresses the brief names, kept as aliases of the committee's `/staff/c/…` pages.
  const alias = (c: Context) => {
    const url = new URL(c.req.url);
    return `${url.pathname.replace(/^\/staff\/communities\//, '/staff/c/')}${url.search}`;
  };
  for (const path of ['proposals', 'proposals/*', 'wishes', 'wishes/*']) {
    app.get(`/staff/communities/:communityId/${path}`, (c) => c.redirect(alias(c), 308));
    app.use(`/staff/c/:communityId/${path}`, requireStaffSession());
  }

  const guard = (c: Context<StaffSessionEnv>) => committeeGuard(c, { anyStaff: true });
  const refused = (c: Context<StaffSessionEnv>, g: G, error: ApiError) =>
    apiErrorPage(c, g.lang, error, proposalLinks(g.lang, g.communityId));

  app.get('/staff/c/:communityId/proposals', async (c) => {
    const g = guard(c);
    if (!g.ok) return g.response;
    const t = proposalTexts[g.lang];
    const paths = staffPaths(g.communityId);
    const status = statusOf(c.req.query('status'));
    const cursor = cursorOf(c.req.query('cursor'));
    const answer = await api.list(g.token, g.communityId, g.lang, { status, cursor });
    if (!answer.ok) return refused(c, g, answer.error);
    const keep: Record<string, string> = status ? { status } : {};
    return staffProposalPage(
      c,
      { lang: g.lang, title: t.listTitle, links: proposalLinks(g.lang, g.communityId) },
      <>
        <h1>{t.listTitle}</h1>
        <StatusFilter lang={g.lang} paths={paths} current={status} drafts />
        {answer.value.items.length === 0 ? <p>{t.none}</p> : null}
        {answer.value.items.map((p) => (
          <ProposalCard proposal={p} lang={g.lang} paths={paths} />
        ))}
        <Pager
          lang={g.lang}
          hasCursor={Boolean(cursor)}
          first={paths.list(keep)}
          next={
            answer.value.nextCursor
              ? paths.list({ ...keep, cursor: answer.value.nextCursor })
              : null
          }
        />
      </>,
    );
  });

  type Problem = { at: string; message: string };

  async function detail(
    c: Context<StaffSessionEnv>,
    g: G,
    proposalId: string,
    problem?: Problem,
    status: ContentfulStatusCode = 400,
  ) {
    const t = proposalTexts[g.lang];
    const paths = staffPaths(g.communityId);
    const base = `${staffBase(g.communityId)}/proposals/${proposalId}`;
    const ccursor = cursorOf(c.req.query('cc'));
    const [answer, comments, updates] = await Promise.all([
      api.get(g.token, g.communityId, proposalId, g.lang),
      api.comments(g.token, g.communityId, proposalId, g.lang, { cursor: ccursor, limit: 50 }),
      api.updates(g.token, g.communityId, proposalId, g.lang),
    ]);
    if (!answer.ok) return refused(c, g, answer.error);
    const p = answer.value;
    const decided = p.decision?.outcome === 'decided';
    const problemAt = (at: string) => (problem?.at === at ? problem.message : undefined);
    return staffProposalPage(
      c,
      {
        lang: g.lang,
        title: p.title,
        links: proposalLinks(g.lang, g.communityId),
        ...(problem ? { status } : {}),
      },
      <>
        <Notice message={doneMessage(c.req.query('done'), t)} />
        <Notice message={problemAt('page')} error />
        <ProposalHead proposal={p} lang={g.lang} paths={paths} />
        <DecisionBlock
          proposal={p}
          lang={g.lang}
          {...(p.ballotId && p.decision?.source === 'ballot'
            ? { resultHref: `/r/${p.ballotId}` }
            : {})}
        />
        {decided ? (
          <>
            <section aria-labelledby="moves">
              <h2 id="moves">{t.statusMoves}</h2>
              <p>
                {t.statuses[p.status]}
                {t.sep}
                {t.statusExplained[p.status]}
              </p>
              {p.status === 'decided' ? (
                <form method="post" action={`${base}/start`}>
                  <CsrfInput c={c} />
                  <button type="submit">{t.startImplementation}</button>
                </form>
              ) : null}
              {p.status === 'being_implemented' ? (
                <form method="post" action={`${base}/complete`}>
                  <CsrfInput c={c} />
                  <button type="submit">{t.complete}</button>
                </form>
              ) : null}
            </section>
            <Updates
              updates={updates.ok ? updates.value.items : []}
              proposalId={p.id}
              lang={g.lang}
              paths={paths}
            >
              <form
                class="f"
                method="post"
                action={`${base}/updates`}
                enctype="multipart/form-data"
              >
                <CsrfInput c={c} />
                <h3>{t.publishUpdate}</h3>
                <label for="update-body">{t.updateLabel}</label>
                <textarea id="update-body" name="body" maxlength={5000} rows={4} required />
                <label for="update-photos">{t.photosLabel}</label>
                <input
                  type="file"
                  id="update-photos"
                  name="photos"
                  multiple
                  accept="image/jpeg,image/png,image/webp"
                />
                <FieldError id="update-error" message={problemAt('update')} />
                <button type="submit">{t.publishUpdate}</button>
              </form>
            </Updates>
            <p>
              <a href={paths.ledger(p.id)}>{t.ledgerLink}</a>
            </p>
          </>
        ) : null}
        <CosignBlock proposal={p} lang={g.lang} />
        <CommentsSection
          comments={comments}
          proposalId={p.id}
          lang={g.lang}
          paths={paths}
          hasCursor={Boolean(ccursor)}
          moderator
          actions={(cm) =>
            cm.hidden ? null : (
              <details open={problem?.at === cm.id}>
                <summary>{t.moderation}</summary>
                <form class="f" method="post" action={`${base}/comments/${cm.id}/hide`}>
                  <CsrfInput c={c} />
                  <label for={`hr-${cm.id}`}>{t.hideReasonLabel}</label>
                  <input type="text" id={`hr-${cm.id}`} name="reason" maxlength={500} required />
                  <FieldError id={`hre-${cm.id}`} message={problemAt(cm.id)} />
                  <button type="submit" class="secondary">
                    {t.hide}
                  </button>
                </form>
              </details>
            )
          }
        />
      </>,
    );
  }

  /** The guard and the proposal id of the path. */
  function target(c: Context<StaffSessionEnv>) {
    const g = guard(c);
    if (!g.ok) return { response: g.response };
    const proposalId = c.req.param('proposalId') ?? '';
    if (!uuidPattern.test(proposalId)) {
      return {
        response: refused(c, g, { status: 404, code: 'not_found', message: null, details: {} }),
      };
    }
    return { g, proposalId, base: `${staffBase(g.communityId)}/proposals/${proposalId}` };
  }

  app.get('/staff/c/:communityId/proposals/:proposalId', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    return detail(c, x.g, x.proposalId);
  });

  app.post('/staff/c/:communityId/proposals/:proposalId/comments/:commentId/hide', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const t = proposalTexts[x.g.lang];
    const commentId = c.req.param('commentId');
    if (!uuidPattern.test(commentId))
      return detail(c, x.g, x.proposalId, { at: 'page', message: t.refusals.not_found }, 404);
    const form = await c.req.parseBody();
    const reason = field(form, 'reason');
    if (!reason || [...reason].length > 500) {
      const message = reason ? t.tooLong(500) : t.required;
      return detail(c, x.g, x.proposalId, { at: commentId, message });
    }
    const answer = await api.hide(
      x.g.token,
      x.g.communityId,
      x.proposalId,
      commentId,
      reason,
      x.g.lang,
    );
    if (!answer.ok) return refused(c, x.g, answer.error);
    return c.redirect(`${x.base}?done=hidden#c-${commentId}`, 303);
  });

  for (const [path, to] of [
    ['start', 'start-implementation'],
    ['complete', 'complete'],
  ] as const) {
    app.post(`/staff/c/:communityId/proposals/:proposalId/${path}`, async (c) => {
      const x = target(c);
      if ('response' in x) return x.response;
      const answer = await api.advance(x.g.token, x.g.communityId, x.proposalId, to, x.g.lang);
      if (!answer.ok) {
        if (answer.error.status === 409 || answer.error.status === 403) {
          return detail(
            c,
            x.g,
            x.proposalId,
            {
              at: 'page',
              message: answer.error.message ?? proposalTexts[x.g.lang].refusals.unavailable,
            },
            answer.error.status,
          );
        }
        return refused(c, x.g, answer.error);
      }
      return c.redirect(`${x.base}?done=moved`, 303);
    });
  }

  // The body is bounded before the CSRF check reads it (`src/body-limit.tsx`: 5 photos of 10 MB
  // and the text); each photo's size and type are checked below and by the proposals service.
  app.post('/staff/c/:communityId/proposals/:proposalId/updates', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const t = proposalTexts[x.g.lang];
    const form = await c.req.parseBody({ all: true });
    const body = field(form, 'body');
    const photos = filesOf(form, 'photos');
    const bad = photos.find((f) => !photoTypes.has(f.type) || f.size > 10 * 1024 * 1024);
    if (!body || [...body].length > 5000 || photos.length > MAX_PHOTOS || bad) {
      const message = !body
        ? t.required
        : [...body].length > 5000
          ? t.tooLong(5000)
          : t.photosLabel;
      return detail(c, x.g, x.proposalId, { at: 'update', message });
    }
    const published = await api.publishUpdate(
      x.g.token,
      x.g.communityId,
      x.proposalId,
      body,
      x.g.lang,
    );
    if (!published.ok) {
      if (published.error.status === 409 || published.error.status === 403) {
        return detail(
          c,
          x.g,
          x.proposalId,
          {
            at: 'update',
            message: published.error.message ?? t.refusals.unavailable,
          },
          published.error.status,
        );
      }
      return refused(c, x.g, published.error);
    }
    for (const photo of photos) {
      const added = await api.addPhoto(
        x.g.token,
        x.g.communityId,
        x.proposalId,
        published.value.id,
        { name: photo.name, type: photo.type, bytes: new Uint8Array(await photo.arrayBuffer()) },
        x.g.lang,
      );
      if (!added.ok) {
        return detail(c, x.g, x.proposalId, {
          at: 'update',
          message: `${photo.name}: ${added.error.message ?? t.photosLabel}`,
        });
      }
    }
    return c.redirect(`${x.base}?done=published#updates`, 303);
  });

  app.get('/staff/c/:communityId/proposals/:proposalId/files/:fileId', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const fileId = c.req.param('fileId');
    if (!uuidPattern.test(fileId)) {
      return refused(c, x.g, { status: 404, code: 'not_found', message: null, details: {} });
    }
    const file = await api.file(x.g.token, x.g.communityId, x.proposalId, fileId);
    if (!file.ok) return refused(c, x.g, file.error);
    return passThrough(file.value);
  });

  type EntryValues = {
    kind: string;
    occurredOn: string;
    amount: string;
    description: string;
    receiptRef: string;
  };

  async function ledgerPage(
    c: Context<StaffSessionEnv>,
    g: G,
    proposalId: string,
    entry: { values: EntryValues; errors: Partial<Record<keyof EntryValues | 'form', string>> } = {
      values: { kind: 'expenditure', occurredOn: '', amount: '', description: '', receiptRef: '' },
      errors: {},
    },
  ) {
    const t = proposalTexts[g.lang];
    const paths = staffPaths(g.communityId);
    const ledger = await api.ledger(g.token, g.communityId, proposalId, g.lang);
    if (!ledger.ok) return refused(c, g, ledger.error);
    const v = entry.values;
    const e = entry.errors;
    const invalid = (name: keyof EntryValues) =>
      e[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {};
    return staffProposalPage(
      c,
      {
        lang: g.lang,
        title: t.ledgerTitle,
        links: proposalLinks(g.lang, g.communityId),
        ...(Object.keys(e).length > 0 ? { status: 400 as const } : {}),
      },
      <>
        <p>
          <a href={paths.proposal(proposalId)}>{ledger.value.title}</a>
        </p>
        <h1>{t.ledgerTitle}</h1>
        <Notice message={doneMessage(c.req.query('done'), t)} />
        <LedgerTable ledger={ledger.value} lang={g.lang} caption={t.entriesCaption} />
        <p>
          <a href={paths.print(proposalId)}>{t.printView}</a>
          {'　'}
          <a href={paths.csv(proposalId)}>{t.csv}</a>
        </p>
        <form class="f" method="post" action={paths.ledger(proposalId)}>
          <CsrfInput c={c} />
          <h2>{t.recordEntry}</h2>
          <p class="hint">{t.ledgerAppendOnly}</p>
          <Notice message={e.form} error />
          <fieldset>
            <legend>{t.col.kind}</legend>
            {(['contribution', 'expenditure'] as const).map((k) => (
              <label class="opt">
                <input type="radio" name="kind" value={k} checked={v.kind === k} required />
                {t.kinds[k]}
              </label>
            ))}
          </fieldset>
          <label for="occurredOn">{t.dateLabel}</label>
          <input
            type="date"
            id="occurredOn"
            name="occurredOn"
            value={v.occurredOn}
            required
            {...invalid('occurredOn')}
          />
          <FieldError id="occurredOn-error" message={e.occurredOn} />
          <label for="amount">{t.amountLabel}</label>
          <input
            type="text"
            id="amount"
            name="amount"
            inputmode="decimal"
            value={v.amount}
            required
            {...invalid('amount')}
          />
          <FieldError id="amount-error" message={e.amount} />
          <label for="description">{t.col.description}</label>
          <input
            type="text"
            id="description"
            name="description"
            value={v.description}
            maxlength={500}
            required
            {...invalid('description')}
          />
          <FieldError id="description-error" message={e.description} />
          <label for="receiptRef">{t.receiptLabel}</label>
          <input
            type="text"
            id="receiptRef"
            name="receiptRef"
            value={v.receiptRef}
            maxlength={100}
          />
          <button type="submit">{t.recordEntry}</button>
        </form>
      </>,
    );
  }

  app.get('/staff/c/:communityId/proposals/:proposalId/ledger', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    return ledgerPage(c, x.g, x.proposalId);
  });

  app.post('/staff/c/:communityId/proposals/:proposalId/ledger', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const t = proposalTexts[x.g.lang];
    const form = await c.req.parseBody();
    const values: EntryValues = {
      kind: field(form, 'kind'),
      occurredOn: field(form, 'occurredOn'),
      amount: field(form, 'amount'),
      description: field(form, 'description'),
      receiptRef: field(form, 'receiptRef'),
    };
    const errors: Partial<Record<keyof EntryValues | 'form', string>> = {};
    if (values.kind !== 'contribution' && values.kind !== 'expenditure') errors.kind = t.required;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.occurredOn)) errors.occurredOn = t.dateInvalid;
    const fen = fenOf(values.amount);
    if (fen === null) errors.amount = t.amountInvalid;
    if (!values.description) errors.description = t.required;
    else if ([...values.description].length > 500) errors.description = t.tooLong(500);
    if ([...values.receiptRef].length > 100) errors.receiptRef = t.tooLong(100);
    if (errors.kind) errors.form = t.required;
    if (Object.keys(errors).length > 0) return ledgerPage(c, x.g, x.proposalId, { values, errors });
    const answer = await api.record(
      x.g.token,
      x.g.communityId,
      x.proposalId,
      {
        kind: values.kind as LedgerKind,
        occurredOn: values.occurredOn,
        amountFen: fen!,
        description: values.description,
        receiptRef: values.receiptRef,
      },
      x.g.lang,
    );
    if (!answer.ok) {
      if ([400, 403, 409].includes(answer.error.status)) {
        return ledgerPage(c, x.g, x.proposalId, {
          values,
          errors: { form: answer.error.message ?? t.refusals.unavailable },
        });
      }
      return refused(c, x.g, answer.error);
    }
    return c.redirect(`${x.base}/ledger?done=recorded`, 303);
  });

  app.get('/staff/c/:communityId/proposals/:proposalId/ledger/print', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const paths = staffPaths(x.g.communityId);
    const ledger = await api.ledger(x.g.token, x.g.communityId, x.proposalId, x.g.lang);
    if (!ledger.ok) return refused(c, x.g, ledger.error);
    return printPage(
      c,
      { lang: x.g.lang, title: `${proposalTexts[x.g.lang].ledgerTitle} · ${ledger.value.title}` },
      <PrintableLedger
        ledger={ledger.value}
        lang={x.g.lang}
        now={now()}
        back={paths.ledger(x.proposalId)}
        csv={paths.csv(x.proposalId)}
      />,
    );
  });

  app.get('/staff/c/:communityId/proposals/:proposalId/ledger.csv', async (c) => {
    const x = target(c);
    if ('response' in x) return x.response;
    const csv = await api.ledgerCsv(x.g.token, x.g.communityId, x.proposalId);
    if (!csv.ok) return refused(c, x.g, csv.error);
    return passThrough(csv.value);
  });

  // The wall of wishes, staff side.
  async function wall(
    c: Context<StaffSessionEnv>,
    g: G,
    problem?: { at: string; message: string; title?: string; description?: string },
  ) {
    const t = proposalTexts[g.lang];
    const base = `${staffBase(g.communityId)}/wishes`;
    const status = (wishStatuses as readonly string[]).includes(c.req.query('status') ?? '')
      ? (c.req.query('status') as WishStatus)
      : undefined;
    const cursor = cursorOf(c.req.query('cursor'));
    const answer = await api.wall(g.token, g.communityId, g.lang, { status, cursor });
    if (!answer.ok) return refused(c, g, answer.error);
    const w = answer.value;
    const q = (params: Record<string, string>) => {
      const s = new URLSearchParams(params).toString();
      return s ? `${base}?${s}` : base;
    };
    const keep: Record<string, string> = status ? { status } : {};
    return staffProposalPage(
      c,
      {
        lang: g.lang,
        title: t.wishesTitle,
        links: proposalLinks(g.lang, g.communityId),
        ...(problem ? { status: 400 as const } : {}),
      },
      <>
        <h1>{t.wishesTitle}</h1>
        <Notice message={doneMessage(c.req.query('done'), t)} />
        <Notice message={problem?.at === 'page' ? problem.message : undefined} error />
        <WishTabs lang={g.lang} counts={w.counts} current={status} href={q} />
        {w.items.length === 0 ? <p>{t.noWishes}</p> : null}
        {w.items.map((wish) => (
          <WishCard wish={wish} lang={g.lang}>
            {wish.status === 'open' ? (
              <form class="f" method="post" action={`${base}/${wish.id}/claim`}>
                <CsrfInput c={c} />
                <h4>{t.claimFor}</h4>
                <label for={`k-${wish.id}`}>{t.claimantKindLabel}</label>
                <select id={`k-${wish.id}`} name="kind">
                  {claimantKinds.map((k) => (
                    <option value={k}>{t.claimants[k]}</option>
                  ))}
                </select>
                <label for={`n-${wish.id}`}>{t.claimantNameLabel}</label>
                <input type="text" id={`n-${wish.id}`} name="name" maxlength={50} required />
                <FieldError
                  id={`ne-${wish.id}`}
                  message={problem?.at === wish.id ? problem.message : undefined}
                />
                <button type="submit" class="small">
                  {t.claim}
                </button>
              </form>
            ) : null}
            {wish.status === 'claimed' ? (
              <form class="f" method="post" action={`${base}/${wish.id}/fulfil`}>
                <CsrfInput c={c} />
                <label for={`note-${wish.id}`}>{t.noteLabel}</label>
                <input type="text" id={`note-${wish.id}`} name="note" maxlength={500} />
                <button type="submit" class="small">
                  {t.markDone}
                </button>
              </form>
            ) : null}
          </WishCard>
        ))}
        <Pager
          lang={g.lang}
          hasCursor={Boolean(cursor)}
          first={q(keep)}
          next={w.nextCursor ? q({ ...keep, cursor: w.nextCursor }) : null}
        />
        <section aria-labelledby="new-wish">
          <h2 id="new-wish">{t.postOnBehalf}</h2>
          <WishForm
            lang={g.lang}
            action={base}
            title={problem?.title ?? ''}
            description={problem?.description ?? ''}
            error={problem?.at === 'post' ? problem.message : undefined}
            hidden={{ _csrf: csrfToken(c) }}
          />
        </section>
      </>,
    );
  }

  const wishGuard = (c: Context<StaffSessionEnv>) => {
    const g = guard(c);
    if (!g.ok) return { response: g.response };
    return { g };
  };

  app.get('/staff/c/:communityId/wishes', async (c) => {
    const x = wishGuard(c);
    if ('response' in x) return x.response;
    return wall(c, x.g);
  });

  app.post('/staff/c/:communityId/wishes', async (c) => {
    const x = wishGuard(c);
    if ('response' in x) return x.response;
    const t = proposalTexts[x.g.lang];
    const form = await c.req.parseBody();
    const title = field(form, 'title');
    const description = field(form, 'description');
    if (!title || !description || [...title].length > 100 || [...description].length > 1000) {
      const message = !title || !description ? t.required : t.tooLong(1000);
      return wall(c, x.g, { at: 'post', message, title, description });
    }
    const answer = await api.postWish(x.g.token, x.g.communityId, { title, description }, x.g.lang);
    if (!answer.ok) return refused(c, x.g, answer.error);
    return c.redirect(`${staffBase(x.g.communityId)}/wishes?done=posted`, 303);
  });

  app.post('/staff/c/:communityId/wishes/:wishId/:action{claim|fulfil}', async (c) => {
    const x = wishGuard(c);
    if ('response' in x) return x.response;
    const t = proposalTexts[x.g.lang];
    const wishId = c.req.param('wishId');
    const action = c.req.param('action');
    if (!uuidPattern.test(wishId)) {
      return refused(c, x.g, { status: 404, code: 'not_found', message: null, details: {} });
    }
    const form = await c.req.parseBody();
    let answer: Awaited<ReturnType<ProposalsClient['fulfil']>>;
    if (action === 'claim') {
      const kind = field(form, 'kind');
      const name = field(form, 'name');
      if (!(claimantKinds as readonly string[]).includes(kind) || !name || [...name].length > 50) {
        return wall(c, x.g, { at: wishId, message: name ? t.tooLong(50) : t.required });
      }
      answer = await api.claim(
        x.g.token,
        x.g.communityId,
        wishId,
        { claimantKind: kind as ClaimantKind, claimantName: name },
        x.g.lang,
      );
    } else {
      answer = await api.fulfil(
        x.g.token,
        x.g.communityId,
        wishId,
        field(form, 'note').slice(0, 500),
        x.g.lang,
      );
    }
    if (!answer.ok) {
      if (answer.error.status === 409 || answer.error.status === 403) {
        return wall(c, x.g, {
          at: 'page',
          message: answer.error.message ?? t.refusals.unavailable,
        });
      }
      return refused(c, x.g, answer.error);
    }
    const done = action === 'claim' ? 'claimed' : 'fulfilled';
    return c.redirect(`${staffBase(x.g.communityId)}/wishes?done=${done}`, 303);
  });

  return app;
}
