import { createHash } from 'node:crypto';
import type { AppEnv } from '@yishi/app';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { BallotsClient, Choice, OwnerView, Refusal } from '../ballots-client.ts';
import { choiceSchema } from '../ballots-client.ts';
import { type Lang, langOf, texts } from '../i18n.ts';
import {
  BallotHeading,
  ConfirmForm,
  linkPath,
  MatterSummary,
  OwnUnits,
  StatusPanel,
  VotedPanel,
  VoteForm,
} from '../views/ballot.tsx';
import { Layout } from '../views/layout.tsx';

const tokenPattern = /^[A-Za-z0-9._~-]{10,200}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const receiptPattern = /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/;

type Form = Record<string, string | File | (string | File)[]>;

/** The choices named `c_<matterId>` in a form or query, keeping only valid ones. */
function choicesOf(form: Form | Record<string, string>, view: OwnerView) {
  const selected: Record<string, Choice> = {};
  for (const m of view.matters) {
    const parsed = choiceSchema.safeParse(form[`c_${m.id}`]);
    if (parsed.success) selected[m.id] = parsed.data;
  }
  return selected;
}

/**
 * The receipt code is never stored in clear; the ballots service shows the first characters of its
 * hash, so a code in the URL is shown only if it is this owner's (no one can make the page show
 * another text as "your receipt").
 */
function matchingReceipt(code: string | undefined, view: OwnerView): string | null {
  if (!code || !receiptPattern.test(code)) return null;
  const hash = createHash('sha256').update(code.replace(/-/g, '')).digest('hex');
  return view.choices.some((c) => hash.startsWith(c.receiptFingerprint)) ? code : null;
}

const statusOf: Record<Refusal, ContentfulStatusCode> = {
  link_invalid: 404,
  credential_revoked: 403,
  ballot_not_open: 409,
  already_voted: 409,
  not_in_scope: 403,
  second_factor_required: 400,
  second_factor_wrong: 403,
  second_factor_throttled: 429,
  second_factor_locked: 403,
  unknown_matter: 400,
  invalid_request: 400,
  file_not_found: 404,
  not_published: 404,
  unavailable: 503,
};

/** The owner's voting pages: plain forms, POST-redirect-GET, no script. */
export function votingPages(deps: { ballots: BallotsClient }) {
  const page = (
    c: Context<AppEnv>,
    props: { lang: Lang; title: string; switchHref: string; status?: ContentfulStatusCode },
    body: Child,
  ) => {
    const html = (
      <Layout lang={props.lang} title={props.title} switchHref={props.switchHref}>
        {body}
      </Layout>
    );
    return c.html(`<!DOCTYPE html>${html}`, props.status ?? 200);
  };

  const refused = (c: Context<AppEnv>, token: string, lang: Lang, refusal: Refusal) => {
    const t = texts[lang];
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    const retry =
      refusal === 'unavailable' ||
      refusal === 'second_factor_throttled' ||
      refusal === 'file_not_found';
    return page(
      c,
      { lang, title: t.errorTitle, switchHref: linkPath(token, other), status: statusOf[refusal] },
      <>
        <h1>{t.errorTitle}</h1>
        <p class="error" role="alert">
          {t.refusals[refusal]}
        </p>
        <p>{t.help}</p>
        {retry ? <a href={linkPath(token, lang)}>{t.tryAgain}</a> : null}
      </>,
    );
  };

  /** The ballot page; with `form` state when a submission is shown again with a problem. */
  const ballotPage = (
    c: Context<AppEnv>,
    token: string,
    lang: Lang,
    view: OwnerView,
    extra: {
      selected?: Record<string, Choice>;
      missing?: ReadonlySet<string>;
      error?: string;
      factorError?: boolean;
      receipt?: string | null;
      status?: ContentfulStatusCode;
    } = {},
  ) => {
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    const receipt = extra.receipt ?? null;
    const voteOpen = view.status === 'open' && (!view.voted || view.ballot.allowChange);
    return page(
      c,
      {
        lang,
        title: view.ballot.title,
        switchHref: linkPath(token, other, '', receipt ? { receipt } : {}),
        ...(extra.status ? { status: extra.status } : {}),
      },
      <>
        <BallotHeading view={view} lang={lang} />
        {view.voted ? <VotedPanel view={view} lang={lang} receipt={receipt} /> : null}
        {view.status !== 'open' ? <StatusPanel view={view} lang={lang} /> : null}
        <OwnUnits view={view} lang={lang} />
        {voteOpen ? (
          <VoteForm
            view={view}
            lang={lang}
            token={token}
            selected={extra.selected ?? {}}
            {...(extra.missing ? { missing: extra.missing } : {})}
            {...(extra.error ? { error: extra.error } : {})}
            {...(extra.factorError ? { factorError: true } : {})}
          />
        ) : view.voted ? null : (
          <MatterSummary view={view} lang={lang} token={token} />
        )}
      </>,
    );
  };

  const app = new Hono<AppEnv>();

  app.use('/v/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-robots-tag', 'noindex');
  });

  app.get('/v/:token', async (c) => {
    const token = c.req.param('token');
    const lang = langOf(c.req.query('lang'));
    if (!tokenPattern.test(token)) return refused(c, token, lang, 'link_invalid');
    const answer = await deps.ballots.ownerView(token);
    if (!answer.ok) return refused(c, token, lang, answer.refusal);
    const view = answer.value;
    const asked = choicesOf(c.req.query(), view);
    // Where a ballot lets owners change their vote, the form starts from the vote they cast.
    const cast = Object.fromEntries(
      view.choices.flatMap((v) => (v.choice === null ? [] : [[`c_${v.matterId}`, v.choice]])),
    );
    return ballotPage(c, token, lang, view, {
      selected: Object.keys(asked).length > 0 ? asked : choicesOf(cast, view),
      receipt: matchingReceipt(c.req.query('receipt'), view),
    });
  });

  // The committee's PDFs and images, fetched with the owner's own link: the ballots service checks
  // that the file belongs to this link's ballot.
  app.get('/v/:token/attachments/:attachmentId', async (c) => {
    const { token, attachmentId } = c.req.param();
    const lang = langOf(c.req.query('lang'));
    if (!tokenPattern.test(token) || !uuidPattern.test(attachmentId)) {
      return refused(c, token, lang, 'link_invalid');
    }
    const answer = await deps.ballots.attachment(token, attachmentId);
    if (!answer.ok) {
      // A link that opens its ballot page but not this file: the file is the problem.
      const refusal = answer.refusal === 'link_invalid' ? 'file_not_found' : answer.refusal;
      return refused(c, token, lang, refusal);
    }
    const upstream = answer.value;
    const headers = new Headers({ 'x-content-type-options': 'nosniff' });
    for (const name of ['content-type', 'content-length', 'content-disposition', 'etag']) {
      const value = upstream.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(upstream.body, { status: 200, headers });
  });

  app.post('/v/:token/confirm', async (c) => {
    const token = c.req.param('token');
    const lang = langOf(c.req.query('lang'));
    const t = texts[lang];
    if (!tokenPattern.test(token)) return refused(c, token, lang, 'link_invalid');
    const answer = await deps.ballots.ownerView(token);
    if (!answer.ok) return refused(c, token, lang, answer.refusal);
    const view = answer.value;
    if (view.status !== 'open') return c.redirect(linkPath(token, lang), 303);
    const form = await c.req.parseBody();
    const selected = choicesOf(form, view);
    const missing = new Set(view.matters.filter((m) => !selected[m.id]).map((m) => m.id));
    const secondFactor = typeof form.sf === 'string' ? form.sf.trim() : '';
    if (missing.size > 0) {
      return ballotPage(c, token, lang, view, {
        selected,
        missing,
        error: t.chooseEach,
        status: 400,
      });
    }
    if (view.ballot.secondFactor !== 'none' && !/^[0-9Xx]{4}$/.test(secondFactor)) {
      return ballotPage(c, token, lang, view, {
        selected,
        error: t.refusals.second_factor_required,
        factorError: true,
        status: 400,
      });
    }
    const other: Lang = lang === 'zh' ? 'en' : 'zh';
    return page(
      c,
      { lang, title: t.confirmTitle, switchHref: linkPath(token, other) },
      <>
        <BallotHeading view={view} lang={lang} />
        <ConfirmForm
          view={view}
          lang={lang}
          token={token}
          selected={selected}
          secondFactor={secondFactor}
        />
      </>,
    );
  });

  app.post('/v/:token/vote', async (c) => {
    const token = c.req.param('token');
    const lang = langOf(c.req.query('lang'));
    if (!tokenPattern.test(token)) return refused(c, token, lang, 'link_invalid');
    const form = await c.req.parseBody();
    const choices = Object.entries(form).flatMap(([name, value]) => {
      const parsed = choiceSchema.safeParse(value);
      return name.startsWith('c_') && parsed.success
        ? [{ matterId: name.slice(2), choice: parsed.data }]
        : [];
    });
    const secondFactor = typeof form.sf === 'string' && form.sf.trim() ? form.sf.trim() : undefined;
    const cast = await deps.ballots.vote(token, {
      choices,
      ...(secondFactor ? { secondFactor } : {}),
    });
    if (cast.ok) return c.redirect(linkPath(token, lang, '', { receipt: cast.value.receipt }), 303);
    const refusal = cast.refusal;
    // Whatever the page now shows (already voted, not open any more) says it better than an error.
    if (refusal === 'already_voted' || refusal === 'ballot_not_open') {
      return c.redirect(linkPath(token, lang), 303);
    }
    if (
      refusal === 'second_factor_wrong' ||
      refusal === 'second_factor_required' ||
      refusal === 'invalid_request' ||
      refusal === 'unknown_matter'
    ) {
      const answer = await deps.ballots.ownerView(token);
      if (!answer.ok) return refused(c, token, lang, answer.refusal);
      return ballotPage(c, token, lang, answer.value, {
        selected: choicesOf(form, answer.value),
        error: texts[lang].refusals[refusal],
        factorError: refusal.startsWith('second_factor'),
        status: statusOf[refusal],
      });
    }
    return refused(c, token, lang, refusal);
  });

  return app;
}
