/**
 * The owner's proposals pages through the owner link `/o/{token}/…`: the list by state, a
 * proposal with its co-signing, decision, progress and discussion, the submit form, the fund
 * ledger (page, A4 print, CSV) and the wall of wishes. Plain forms and POST-redirect-GET, no
 * script; the token in the path is the credential (no CSRF token needed), forwarded to the
 * proposals service as `Authorization: Bearer` and never logged.
 */
import type { AppEnv } from '@yishi/app';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError } from '../api.ts';
import { type Lang, langOf } from '../i18n.ts';
import { isOwnerToken, ownerPath } from '../owner/frame.tsx';
import type { ProposalDetail, ProposalsClient, WishStatus } from './client.ts';
import { proposalCategories, wishStatuses } from './client.ts';
import {
  categoryOf,
  checkProposal,
  communityOfToken,
  cursorOf,
  doneMessage,
  field,
  filesOf,
  ownerPaths,
  type ProposalValues,
  refusalOf,
  refusalStatus,
  statusOf,
} from './common.ts';
import { ownerProposalPage, printPage } from './frame.tsx';
import { proposalTexts, type Refusal } from './texts.ts';
import {
  CommentsSection,
  CosignProgress,
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

const MAX_UPLOAD = 10 * 1024 * 1024 + 256 * 1024;
const MATTER_ITEMS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

export interface OwnerProposalDeps {
  proposals: ProposalsClient;
  now?: () => Date;
}

/** A refusal as a page with a sentence the owner can act on. */
function refusedPage(c: Context, lang: Lang, refusal: Refusal, back?: string) {
  const t = proposalTexts[lang];
  return ownerProposalPage(
    c,
    { lang, title: t.errorTitle, status: refusalStatus[refusal] },
    <>
      <h1>{t.errorTitle}</h1>
      <p class="error" role="alert">
        {t.refusals[refusal]}
      </p>
      <p>{t.help}</p>
      {back ? <a href={back}>{t.backHome}</a> : null}
    </>,
  );
}

/** Any other refusal of an action (409, 400): the service's sentence and a way back. */
function actionRefused(c: Context, lang: Lang, error: ApiError, back: string) {
  if (error.status === 401 || error.status === 404 || error.status >= 500) {
    return refusedPage(c, lang, refusalOf(error));
  }
  if (error.status === 403 && error.details.reason === 'not_current_owner') {
    return refusedPage(c, lang, 'not_current_owner');
  }
  const t = proposalTexts[lang];
  return ownerProposalPage(
    c,
    {
      lang,
      title: t.errorTitle,
      status: (error.status === 403 ? 403 : 409) as ContentfulStatusCode,
    },
    <>
      <h1>{t.errorTitle}</h1>
      <p class="error" role="alert">
        {error.message ?? t.refusals.unavailable}
      </p>
      <a href={back}>{t.backHome}</a>
    </>,
  );
}

type Owner = { token: string; communityId: string; lang: Lang };

/** The link of the path, or the page that says it is not valid. */
function ownerOf(c: Context): Owner | { page: Response | Promise<Response> } {
  const token = c.req.param('token');
  const lang = langOf(c.req.query('lang'));
  const communityId = isOwnerToken(token) ? communityOfToken(token) : null;
  if (!token || !communityId) return { page: refusedPage(c, lang, 'link_invalid') };
  return { token, communityId, lang };
}

/** The submit form, with the values kept and each problem next to its field. */
function SubmitForm(props: {
  lang: Lang;
  action: string;
  values: ProposalValues;
  errors: Partial<Record<keyof ProposalValues | 'file' | 'form', string>>;
}) {
  const t = proposalTexts[props.lang];
  const v = props.values;
  const e = props.errors;
  const invalid = (name: keyof typeof e) =>
    e[name] ? { 'aria-invalid': 'true', 'aria-describedby': `${name}-error` } : {};
  return (
    <form class="f" method="post" action={props.action} enctype="multipart/form-data">
      {e.form ? (
        <p class="error" role="alert">
          {e.form}
        </p>
      ) : null}
      <label for="title">{t.titleLabel}</label>
      <p class="hint" id="title-hint">
        {t.titleHint}
      </p>
      <input
        type="text"
        id="title"
        name="title"
        value={v.title}
        maxlength={100}
        required
        {...(e.title
          ? { 'aria-invalid': 'true', 'aria-describedby': 'title-hint title-error' }
          : { 'aria-describedby': 'title-hint' })}
      />
      <FieldError id="title-error" message={e.title} />
      <label for="description">{t.descriptionLabel}</label>
      <textarea
        id="description"
        name="description"
        maxlength={10000}
        rows={8}
        required
        {...invalid('description')}
      >
        {v.description}
      </textarea>
      <FieldError id="description-error" message={e.description} />
      <label for="category">{t.categoryLabel}</label>
      <select id="category" name="category" required {...invalid('category')}>
        {proposalCategories.map((cat) => (
          <option value={cat} selected={v.category === cat}>
            {t.categories[cat]}
          </option>
        ))}
      </select>
      <FieldError id="category-error" message={e.category} />
      <details open={Boolean(v.item)}>
        <summary>{t.itemLabel}</summary>
        <fieldset>
          <legend class="hint">{t.itemHelp}</legend>
          <label class="opt">
            <input type="radio" name="item" value="" checked={!v.item} />
            {t.itemNone}
          </label>
          {MATTER_ITEMS.map((n) => (
            <label class="opt">
              <input type="radio" name="item" value={String(n)} checked={v.item === String(n)} />
              <span>
                {t.itemPlain[n]}
                <br />
                <span class="muted">{t.itemShort(n)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      </details>
      <label for="file">{t.fileLabel}</label>
      <input
        type="file"
        id="file"
        name="file"
        accept="application/pdf,image/jpeg,image/png,image/webp"
        {...invalid('file')}
      />
      <FieldError id="file-error" message={e.file} />
      <button type="submit">{t.submit}</button>
    </form>
  );
}

const attachable = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

export function ownerProposalPages(deps: OwnerProposalDeps) {
  const api = deps.proposals;
  const now = () => deps.now?.() ?? new Date();
  const app = new Hono<AppEnv>();

  // The link in the path is the credential, but a form posted from another site is never the
  // owner's own tap: refused before anything is sent to the service.
  for (const path of [
    '/o/:token/proposals',
    '/o/:token/proposals/*',
    '/o/:token/wishes',
    '/o/:token/wishes/*',
  ]) {
    app.use(path, async (c, next) => {
      if (c.req.method !== 'POST' || c.req.header('sec-fetch-site') !== 'cross-site') return next();
      return refusedPage(c, langOf(c.req.query('lang')), 'cross_site');
    });
  }

  app.get('/o/:token/proposals', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const { token, communityId, lang } = o;
    const t = proposalTexts[lang];
    const paths = ownerPaths(token, lang);
    const status = statusOf(c.req.query('status'));
    const cursor = cursorOf(c.req.query('cursor'));
    const answer = await api.list(token, communityId, lang, { status, cursor });
    if (!answer.ok) return refusedPage(c, lang, refusalOf(answer.error));
    const page = answer.value;
    const keep: Record<string, string> = status ? { status } : {};
    return ownerProposalPage(
      c,
      { lang, title: t.listTitle },
      <>
        <p>
          <a href={ownerPath(token, lang)}>{t.backHome}</a>
        </p>
        <h1>{t.listTitle}</h1>
        <p>{t.listLead}</p>
        <a class="button" href={ownerPath(token, lang, '/proposals/new')}>
          {t.newProposal}
        </a>
        <StatusFilterOwner lang={lang} token={token} current={status} />
        {page.items.length === 0 ? <p>{t.none}</p> : null}
        {page.items.map((p) => (
          <ProposalCard proposal={p} lang={lang} paths={paths} />
        ))}
        <Pager
          lang={lang}
          hasCursor={Boolean(cursor)}
          first={paths.list(keep)}
          next={page.nextCursor ? paths.list({ ...keep, cursor: page.nextCursor }) : null}
        />
        <p>
          <a href={ownerPath(token, lang, '/wishes')}>{t.wishesLink}</a>
        </p>
      </>,
    );
  });

  const submitPage = (
    c: Context,
    o: Owner,
    values: ProposalValues,
    errors: Parameters<typeof SubmitForm>[0]['errors'] = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const t = proposalTexts[o.lang];
    return ownerProposalPage(
      c,
      { lang: o.lang, title: t.submitTitle, status },
      <>
        <p>
          <a href={ownerPath(o.token, o.lang, '/proposals')}>{t.listTitle}</a>
        </p>
        <h1>{t.submitTitle}</h1>
        <p>{t.submitLead}</p>
        <SubmitForm
          lang={o.lang}
          action={ownerPath(o.token, o.lang, '/proposals')}
          values={values}
          errors={errors}
        />
      </>,
    );
  };

  app.get('/o/:token/proposals/new', (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    return submitPage(c, o, { title: '', description: '', category: 'other', item: '' });
  });

  app.post(
    '/o/:token/proposals',
    bodyLimit({
      maxSize: MAX_UPLOAD,
      onError: (c) => {
        const lang = langOf(c.req.query('lang'));
        const t = proposalTexts[lang];
        return ownerProposalPage(
          c,
          { lang, title: t.errorTitle, status: 413 },
          <>
            <h1>{t.errorTitle}</h1>
            <p class="error" role="alert">
              {t.tooLarge}
            </p>
          </>,
        );
      },
    }),
    async (c) => {
      const o = ownerOf(c);
      if ('page' in o) return o.page;
      const t = proposalTexts[o.lang];
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const values: ProposalValues = {
        title: field(form, 'title'),
        description: field(form, 'description'),
        category: field(form, 'category'),
        item: field(form, 'item'),
      };
      const errors: Parameters<typeof SubmitForm>[0]['errors'] = checkProposal(values, t);
      const [file] = filesOf(form, 'file');
      if (file && (!attachable.has(file.type) || file.size > 10 * 1024 * 1024)) {
        errors.file = t.fileLabel;
      }
      if (Object.keys(errors).length > 0) return submitPage(c, o, values, errors, 400);
      const created = await api.submit(
        o.token,
        o.communityId,
        {
          title: values.title,
          description: values.description,
          category: categoryOf(values.category),
          item: values.item ? Number(values.item) : null,
        },
        o.lang,
      );
      if (!created.ok) {
        if (created.error.status === 400) {
          return submitPage(c, o, values, { form: created.error.message ?? t.required }, 400);
        }
        return actionRefused(c, o.lang, created.error, ownerPath(o.token, o.lang, '/proposals'));
      }
      let done = 'submitted';
      if (file) {
        const attached = await api.attach(
          o.token,
          o.communityId,
          created.value.id,
          { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
          o.lang,
        );
        if (!attached.ok) done = 'attach_failed';
      }
      return c.redirect(
        ownerPath(o.token, o.lang, `/proposals/${created.value.id}`, { done }),
        303,
      );
    },
  );

  /** The proposal page; `extra` shows a problem of the comment form (400). */
  async function detail(
    c: Context,
    o: Owner,
    proposalId: string,
    extra: { commentError?: string; parentId?: string; body?: string } = {},
  ) {
    const { token, communityId, lang } = o;
    const t = proposalTexts[lang];
    const paths = ownerPaths(token, lang);
    const ccursor = cursorOf(c.req.query('cc'));
    const [answer, comments, updates] = await Promise.all([
      api.get(token, communityId, proposalId, lang),
      api.comments(token, communityId, proposalId, lang, { cursor: ccursor, limit: 50 }),
      api.updates(token, communityId, proposalId, lang),
    ]);
    if (!answer.ok) {
      return refusedPage(c, lang, refusalOf(answer.error), ownerPath(token, lang));
    }
    const p = answer.value;
    const done = c.req.query('done');
    const notice =
      done === 'attach_failed' ? `${t.attachFailed}${t.fileLabel}` : doneMessage(done, t);
    const commentAction = ownerPath(token, lang, `/proposals/${p.id}/comments`);
    return ownerProposalPage(
      c,
      { lang, title: p.title, status: extra.commentError ? 400 : 200 },
      <>
        <p>
          <a href={paths.list()}>{t.listTitle}</a>
        </p>
        <Notice message={notice} />
        <ProposalHead proposal={p} lang={lang} paths={paths} />
        <DecisionBlock
          proposal={p}
          lang={lang}
          {...(p.ballotId && p.decision?.source === 'ballot'
            ? { resultHref: `/r/${p.ballotId}${lang === 'en' ? '?lang=en' : ''}` }
            : {})}
        />
        {p.decision?.outcome === 'decided' ? (
          <>
            <Updates
              updates={updates.ok ? updates.value.items : []}
              proposalId={p.id}
              lang={lang}
              paths={paths}
            />
            <p>
              <a href={paths.ledger(p.id)}>{t.ledgerLink}</a>
            </p>
          </>
        ) : null}
        <CosignBlock
          proposal={p}
          lang={lang}
          action={ownerPath(token, lang, `/proposals/${p.id}/cosign`)}
        />
        <CommentsSection
          comments={comments}
          proposalId={p.id}
          lang={lang}
          paths={paths}
          hasCursor={Boolean(ccursor)}
          actions={(cm) =>
            cm.parentId === null && !cm.hidden ? (
              <details open={extra.parentId === cm.id}>
                <summary>{t.reply}</summary>
                <CommentForm
                  lang={lang}
                  action={commentAction}
                  id={`r-${cm.id}`}
                  label={t.replyLabel}
                  parentId={cm.id}
                  body={extra.parentId === cm.id ? (extra.body ?? '') : ''}
                  error={extra.parentId === cm.id ? extra.commentError : undefined}
                />
              </details>
            ) : null
          }
        >
          <CommentForm
            lang={lang}
            action={commentAction}
            id="new-comment"
            label={t.commentLabel}
            body={extra.parentId ? '' : (extra.body ?? '')}
            error={extra.parentId ? undefined : extra.commentError}
          />
        </CommentsSection>
      </>,
    );
  }

  app.get('/o/:token/proposals/:proposalId', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    return detail(c, o, proposalId);
  });

  app.post('/o/:token/proposals/:proposalId/cosign', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    const answer = await api.cosign(o.token, o.communityId, proposalId, o.lang);
    const back = (done: string) =>
      c.redirect(ownerPath(o.token, o.lang, `/proposals/${proposalId}`, { done }), 303);
    if (answer.ok) return back('cosigned');
    if (answer.error.status === 409 && answer.error.code === 'already_exists') {
      return back('already');
    }
    return actionRefused(
      c,
      o.lang,
      answer.error,
      ownerPath(o.token, o.lang, `/proposals/${proposalId}`),
    );
  });

  app.post('/o/:token/proposals/:proposalId/comments', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const t = proposalTexts[o.lang];
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const body = field(form, 'body');
    const parentId = field(form, 'parentId');
    const extra = { body, ...(parentId ? { parentId } : {}) };
    if (parentId && !uuidPattern.test(parentId)) return refusedPage(c, o.lang, 'not_found');
    if (!body) return detail(c, o, proposalId, { ...extra, commentError: t.required });
    if ([...body].length > 2000) {
      return detail(c, o, proposalId, { ...extra, commentError: t.tooLong(2000) });
    }
    const answer = await api.comment(
      o.token,
      o.communityId,
      proposalId,
      { body, ...(parentId ? { parentId } : {}) },
      o.lang,
    );
    if (!answer.ok) {
      if (answer.error.status === 400 || answer.error.status === 409) {
        return detail(c, o, proposalId, {
          ...extra,
          commentError: answer.error.message ?? t.required,
        });
      }
      return actionRefused(
        c,
        o.lang,
        answer.error,
        ownerPath(o.token, o.lang, `/proposals/${proposalId}`),
      );
    }
    const to = ownerPath(o.token, o.lang, `/proposals/${proposalId}`, { done: 'commented' });
    return c.redirect(`${to}#c-${answer.value.id}`, 303);
  });

  app.get('/o/:token/proposals/:proposalId/files/:fileId', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const { proposalId, fileId } = c.req.param();
    if (!uuidPattern.test(proposalId) || !uuidPattern.test(fileId)) {
      return refusedPage(c, o.lang, 'not_found');
    }
    const file = await api.file(o.token, o.communityId, proposalId, fileId);
    if (!file.ok) return refusedPage(c, o.lang, refusalOf(file.error));
    return passThrough(file.value);
  });

  app.get('/o/:token/proposals/:proposalId/ledger', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const t = proposalTexts[o.lang];
    const paths = ownerPaths(o.token, o.lang);
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    const ledger = await api.ledger(o.token, o.communityId, proposalId, o.lang);
    if (!ledger.ok) return refusedPage(c, o.lang, refusalOf(ledger.error));
    return ownerProposalPage(
      c,
      { lang: o.lang, title: t.ledgerTitle },
      <>
        <p>
          <a href={paths.proposal(proposalId)}>{ledger.value.title}</a>
        </p>
        <h1>{t.ledgerTitle}</h1>
        <p>{t.ledgerLead}</p>
        <LedgerTable ledger={ledger.value} lang={o.lang} caption={t.entriesCaption} />
        <p>
          <a href={paths.print(proposalId)}>{t.printView}</a>
          {'　'}
          <a href={paths.csv(proposalId)}>{t.csv}</a>
        </p>
      </>,
    );
  });

  app.get('/o/:token/proposals/:proposalId/ledger/print', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const paths = ownerPaths(o.token, o.lang);
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    const ledger = await api.ledger(o.token, o.communityId, proposalId, o.lang);
    if (!ledger.ok) return refusedPage(c, o.lang, refusalOf(ledger.error));
    return printPage(
      c,
      { lang: o.lang, title: `${proposalTexts[o.lang].ledgerTitle} · ${ledger.value.title}` },
      <PrintableLedger
        ledger={ledger.value}
        lang={o.lang}
        now={now()}
        back={paths.ledger(proposalId)}
        csv={paths.csv(proposalId)}
      />,
    );
  });

  app.get('/o/:token/proposals/:proposalId/ledger.csv', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) return refusedPage(c, o.lang, 'not_found');
    const csv = await api.ledgerCsv(o.token, o.communityId, proposalId);
    if (!csv.ok) return refusedPage(c, o.lang, refusalOf(csv.error));
    return passThrough(csv.value);
  });

  // The wall of wishes.
  app.get('/o/:token/wishes', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    return wall(c, o);
  });

  async function wall(
    c: Context,
    o: Owner,
    problem: { wishId?: string; message?: string; title?: string; description?: string } = {},
  ) {
    const { token, communityId, lang } = o;
    const t = proposalTexts[lang];
    const status = (wishStatuses as readonly string[]).includes(c.req.query('status') ?? '')
      ? (c.req.query('status') as WishStatus)
      : undefined;
    const cursor = cursorOf(c.req.query('cursor'));
    const answer = await api.wall(token, communityId, lang, { status, cursor });
    if (!answer.ok) return refusedPage(c, lang, refusalOf(answer.error), ownerPath(token, lang));
    const w = answer.value;
    const keep: Record<string, string> = status ? { status } : {};
    const here = (q: Record<string, string> = {}) => ownerPath(token, lang, '/wishes', q);
    const postError = problem.wishId === undefined ? problem.message : undefined;
    return ownerProposalPage(
      c,
      { lang, title: t.wishesTitle, status: problem.message ? 400 : 200 },
      <>
        <p>
          <a href={ownerPath(token, lang)}>{t.backHome}</a>
        </p>
        <h1>{t.wishesTitle}</h1>
        <p>{t.wishesLead}</p>
        <Notice message={doneMessage(c.req.query('done'), t)} />
        <WishTabs lang={lang} counts={w.counts} current={status} href={here} />
        {w.items.length === 0 ? <p>{t.noWishes}</p> : null}
        {w.items.map((wish) => (
          <WishCard wish={wish} lang={lang}>
            {wish.status === 'open' && !wish.mine ? (
              <details open={problem.wishId === wish.id}>
                <summary>{t.claimAsVolunteer}</summary>
                <form
                  class="f"
                  method="post"
                  action={ownerPath(token, lang, `/wishes/${wish.id}/claim`)}
                >
                  <label for={`n-${wish.id}`}>{t.claimNameLabel}</label>
                  <input
                    type="text"
                    id={`n-${wish.id}`}
                    name="name"
                    maxlength={50}
                    required
                    autocomplete="nickname"
                  />
                  {problem.wishId === wish.id ? (
                    <FieldError id={`ne-${wish.id}`} message={problem.message} />
                  ) : null}
                  <button type="submit">{t.claim}</button>
                </form>
              </details>
            ) : null}
            {wish.status === 'claimed' && wish.mine ? (
              <form
                class="f"
                method="post"
                action={ownerPath(token, lang, `/wishes/${wish.id}/fulfil`)}
              >
                <label for={`note-${wish.id}`}>{t.noteLabel}</label>
                <input type="text" id={`note-${wish.id}`} name="note" maxlength={500} />
                <button type="submit">{t.markDone}</button>
              </form>
            ) : null}
          </WishCard>
        ))}
        <Pager
          lang={lang}
          hasCursor={Boolean(cursor)}
          first={here(keep)}
          next={w.nextCursor ? here({ ...keep, cursor: w.nextCursor }) : null}
        />
        <section aria-labelledby="new-wish">
          <h2 id="new-wish">{t.newWish}</h2>
          <WishForm
            lang={lang}
            action={ownerPath(token, lang, '/wishes')}
            title={problem.title ?? ''}
            description={problem.description ?? ''}
            error={postError}
          />
        </section>
      </>,
    );
  }

  app.post('/o/:token/wishes', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const t = proposalTexts[o.lang];
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const title = field(form, 'title');
    const description = field(form, 'description');
    if (!title || !description || [...title].length > 100 || [...description].length > 1000) {
      const message =
        !title || !description ? t.required : t.tooLong(title.length > 100 ? 100 : 1000);
      return wall(c, o, { message, title, description });
    }
    const answer = await api.postWish(o.token, o.communityId, { title, description }, o.lang);
    if (!answer.ok) {
      if (answer.error.status === 400) {
        return wall(c, o, { message: answer.error.message ?? t.required, title, description });
      }
      return actionRefused(c, o.lang, answer.error, ownerPath(o.token, o.lang, '/wishes'));
    }
    return c.redirect(ownerPath(o.token, o.lang, '/wishes', { done: 'posted' }), 303);
  });

  app.post('/o/:token/wishes/:wishId/claim', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const t = proposalTexts[o.lang];
    const wishId = c.req.param('wishId');
    if (!uuidPattern.test(wishId)) return refusedPage(c, o.lang, 'not_found');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const name = field(form, 'name');
    if (!name || [...name].length > 50) {
      return wall(c, o, { wishId, message: name ? t.tooLong(50) : t.required });
    }
    const answer = await api.claim(
      o.token,
      o.communityId,
      wishId,
      { claimantKind: 'volunteer', claimantName: name },
      o.lang,
    );
    if (!answer.ok) {
      return actionRefused(c, o.lang, answer.error, ownerPath(o.token, o.lang, '/wishes'));
    }
    return c.redirect(ownerPath(o.token, o.lang, '/wishes', { done: 'claimed' }), 303);
  });

  app.post('/o/:token/wishes/:wishId/fulfil', async (c) => {
    const o = ownerOf(c);
    if ('page' in o) return o.page;
    const wishId = c.req.param('wishId');
    if (!uuidPattern.test(wishId)) return refusedPage(c, o.lang, 'not_found');
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const note = field(form, 'note').slice(0, 500);
    const answer = await api.fulfil(o.token, o.communityId, wishId, note, o.lang);
    if (!answer.ok) {
      return actionRefused(c, o.lang, answer.error, ownerPath(o.token, o.lang, '/wishes'));
    }
    return c.redirect(ownerPath(o.token, o.lang, '/wishes', { done: 'fulfilled' }), 303);
  });

  return app;
}

/** The list's filter by state, keeping the owner's link and language. */
function StatusFilterOwner(props: {
  lang: Lang;
  token: string;
  current: ReturnType<typeof statusOf>;
}) {
  const paths = ownerPaths(props.token, props.lang);
  return <StatusFilter lang={props.lang} paths={paths} current={props.current} />;
}

/** Co-signing: the progress, and the one-tap button or "you co-signed". */
export function CosignBlock(props: { proposal: ProposalDetail; lang: Lang; action?: string }) {
  const t = proposalTexts[props.lang];
  const p = props.proposal;
  if (p.cosign.required === null) return null;
  const open = p.status === 'open' || p.status === 'threshold_reached';
  if (!open) {
    // Past co-signing: how many supported it is history, not a call to act.
    return (
      <p class="muted">
        {t.cosignTotal(p.cosign.count)}
        {p.cosign.cosignedByMe ? ` · ${t.cosigned}` : ''}
      </p>
    );
  }
  return (
    <section aria-labelledby="cosign">
      <h2 id="cosign">{t.progressLabel}</h2>
      <CosignProgress proposal={p} lang={props.lang} id="cosign-progress" />
      {p.cosign.cosignedByMe ? (
        <p class="ok">{t.cosigned}</p>
      ) : open && props.action ? (
        <form method="post" action={props.action}>
          <p class="muted">{t.cosignHint}</p>
          <button type="submit">{t.cosign}</button>
        </form>
      ) : null}
    </section>
  );
}

function CommentForm(props: {
  lang: Lang;
  action: string;
  id: string;
  label: string;
  parentId?: string;
  body: string;
  error: string | undefined;
}) {
  const t = proposalTexts[props.lang];
  return (
    <form class="f" method="post" action={props.action}>
      {props.parentId ? <input type="hidden" name="parentId" value={props.parentId} /> : null}
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>
        {t.commentHint}
      </p>
      <textarea
        id={props.id}
        name="body"
        maxlength={2000}
        rows={3}
        required
        aria-describedby={props.error ? `${props.id}-hint ${props.id}-error` : `${props.id}-hint`}
        {...(props.error ? { 'aria-invalid': 'true' } : {})}
      >
        {props.body}
      </textarea>
      <FieldError id={`${props.id}-error`} message={props.error} />
      <button type="submit" class="secondary">
        {props.parentId ? t.reply : t.post}
      </button>
    </form>
  );
}

export function WishForm(props: {
  lang: Lang;
  action: string;
  title: string;
  description: string;
  error: string | undefined;
  hidden?: Record<string, string>;
}) {
  const t = proposalTexts[props.lang];
  return (
    <form class="f" method="post" action={props.action}>
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <FieldError id="wish-error" message={props.error} />
      <label for="wish-title">{t.wishTitleLabel}</label>
      <p class="hint" id="wish-title-hint">
        {t.wishTitleHint}
      </p>
      <input
        type="text"
        id="wish-title"
        name="title"
        value={props.title}
        maxlength={100}
        required
        aria-describedby="wish-title-hint"
      />
      <label for="wish-description">{t.wishDescriptionLabel}</label>
      <p class="hint" id="wish-description-hint">
        {t.wishDescriptionHint}
      </p>
      <textarea
        id="wish-description"
        name="description"
        maxlength={1000}
        rows={3}
        required
        aria-describedby="wish-description-hint"
      >
        {props.description}
      </textarea>
      <button type="submit">{t.postWish}</button>
    </form>
  );
}

/** A file or CSV from the service, with its own headers (type, disposition, nosniff, no-store). */
export function passThrough(res: Response) {
  const headers = new Headers();
  for (const name of [
    'content-type',
    'content-disposition',
    'content-length',
    'x-content-type-options',
    'etag',
  ]) {
    const value = res.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set('cache-control', 'private, no-store');
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'no-referrer');
  return new Response(res.body, { status: 200, headers });
}
