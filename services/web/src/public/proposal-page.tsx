/**
 * `GET /p/{proposalId}`: the public page of a proposal, where the notifications' "threshold
 * reached" and decision messages link. No token: it shows what the proposals service's public
 * view answers (no comments, only their count; no attachments; photos without their names), and
 * tells owners to use their personal link to co-sign or comment. The fund ledger prints on A4.
 */
import type { AppEnv } from '@yishi/app';
import { type Context, Hono } from 'hono';
import { type Lang, langOf } from '../i18n.ts';
import type { ProposalDetail, ProposalsClient, PublicProposal } from '../proposals/client.ts';
import { ownerProposalPage, printPage } from '../proposals/frame.tsx';
import { CosignBlock } from '../proposals/owner-pages.tsx';
import { proposalTexts } from '../proposals/texts.ts';
import {
  DecisionBlock,
  LedgerTable,
  Paragraphs,
  type Paths,
  PrintableLedger,
  ProposalHead,
  when,
} from '../proposals/views.tsx';
import { missingPage, publicPath, unavailablePage, uuidPattern } from './frame.tsx';
import { publicTexts } from './texts.ts';

/** The shape the owner pages' pieces take: nothing is the reader's, there are no attachments. */
const asDetail = (p: PublicProposal): ProposalDetail => ({
  ...p,
  mine: false,
  createdAt: p.openedAt ?? p.updatedAt,
  cosign: { ...p.cosign, cosignedByMe: null },
  attachments: [],
});

const photoPath = (proposalId: string, photoId: string) =>
  `/p/${encodeURIComponent(proposalId)}/photos/${encodeURIComponent(photoId)}`;

/** The pieces link only to the proposal itself and its ledger's print view here. */
const publicPaths = (lang: Lang): Paths => ({
  list: () => publicPath('/', lang),
  proposal: (id) => publicPath(`/p/${id}`, lang),
  file: photoPath,
  ledger: (id) => publicPath(`/p/${id}`, lang),
  print: (id) => publicPath(`/p/${id}/ledger/print`, lang),
  csv: (id) => `/p/${id}/ledger.csv`,
});

function Updates(props: { proposal: PublicProposal; lang: Lang }) {
  const t = proposalTexts[props.lang];
  const p = publicTexts[props.lang];
  const { updates, id } = props.proposal;
  return (
    <section aria-labelledby="updates">
      <h2 id="updates">{t.updatesTitle}</h2>
      {updates.length === 0 ? <p class="muted">{t.noUpdates}</p> : null}
      {updates.map((u) => (
        <div class="card">
          <p class="who">{when(u.createdAt, props.lang)}</p>
          <Paragraphs text={u.body} />
          {u.photos.length > 0 ? (
            <ul class="photos">
              {u.photos.map((photo, i) => (
                <li>
                  <a href={photoPath(id, photo.id)}>
                    <img
                      src={photoPath(id, photo.id)}
                      alt={p.photos(i + 1)}
                      width={320}
                      loading="lazy"
                    />
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </section>
  );
}

export function publicProposalPages(deps: { proposals: ProposalsClient; now?: () => Date }) {
  const now = () => deps.now?.() ?? new Date();
  const app = new Hono<AppEnv>();

  /** The proposal, or the page to answer instead (404 in words, or 503). */
  async function load(c: Context<AppEnv>, lang: Lang) {
    const proposalId = c.req.param('proposalId') ?? '';
    const missing = () =>
      missingPage(c, lang, publicTexts[lang].proposalNotFound, ownerProposalPage);
    if (!uuidPattern.test(proposalId)) return { page: missing() };
    const answer = await deps.proposals.publicProposal(proposalId, lang);
    if (answer.ok) return { proposal: answer.value };
    const status = answer.error.status;
    return {
      page:
        status === 404 || status === 400 ? missing() : unavailablePage(c, lang, ownerProposalPage),
    };
  }

  app.get('/p/:proposalId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const t = proposalTexts[lang];
    const pt = publicTexts[lang];
    const loaded = await load(c, lang);
    if (!loaded.proposal) return loaded.page;
    const p = loaded.proposal;
    const paths = publicPaths(lang);
    return ownerProposalPage(
      c,
      { lang, title: p.title },
      <>
        <ProposalHead proposal={asDetail(p)} lang={lang} paths={paths} />
        {p.attachmentCount > 0 ? <p class="muted">{pt.attachments(p.attachmentCount)}</p> : null}
        <CosignBlock proposal={asDetail(p)} lang={lang} />
        <p class="note">
          {p.status === 'open' || p.status === 'threshold_reached'
            ? pt.proposalPersonal
            : pt.proposalPersonalAfter}
        </p>
        <p class="muted">{pt.comments(p.commentCount)}</p>
        {p.meetingId ? (
          <p>
            <a href={publicPath(`/m/${p.meetingId}`, lang)}>{pt.meeting}</a>
          </p>
        ) : null}
        <DecisionBlock
          proposal={asDetail(p)}
          lang={lang}
          {...(p.ballotId && p.decision?.source === 'ballot'
            ? { resultHref: publicPath(`/r/${p.ballotId}`, lang) }
            : {})}
        />
        {p.decisionPending ? <p class="note">{pt.decisionPending}</p> : null}
        {p.decision?.outcome === 'decided' ? <Updates proposal={p} lang={lang} /> : null}
        {p.ledger ? (
          <section aria-labelledby="ledger">
            <h2 id="ledger">{t.ledgerTitle}</h2>
            <p>{t.ledgerLead}</p>
            <LedgerTable
              ledger={{ ...p.ledger, proposalId: p.id, title: p.title }}
              lang={lang}
              caption={t.entriesCaption}
            />
            <p>
              <a href={paths.print(p.id)}>{pt.ledgerPrint}</a>
            </p>
          </section>
        ) : null}
        <p class="muted">{pt.publicNote}</p>
        <p class="muted">{t.help}</p>
      </>,
    );
  });

  app.get('/p/:proposalId/ledger/print', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const loaded = await load(c, lang);
    if (!loaded.proposal) return loaded.page;
    const p = loaded.proposal;
    const paths = publicPaths(lang);
    if (!p.ledger) {
      return missingPage(c, lang, publicTexts[lang].proposalNotFound, ownerProposalPage);
    }
    return printPage(
      c,
      { lang, title: `${proposalTexts[lang].ledgerTitle} · ${p.title}` },
      <PrintableLedger
        ledger={{ ...p.ledger, proposalId: p.id, title: p.title }}
        lang={lang}
        now={now()}
        back={publicPath(`/p/${p.id}`, lang)}
        csv={paths.csv(p.id)}
      />,
    );
  });

  app.get('/p/:proposalId/ledger.csv', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const proposalId = c.req.param('proposalId');
    if (!uuidPattern.test(proposalId)) {
      return missingPage(c, lang, publicTexts[lang].proposalNotFound, ownerProposalPage);
    }
    const answer = await deps.proposals.publicLedgerCsv(proposalId);
    if (!answer.ok) {
      return answer.error.status < 500
        ? missingPage(c, lang, publicTexts[lang].proposalNotFound, ownerProposalPage)
        : unavailablePage(c, lang, ownerProposalPage);
    }
    const res = answer.value;
    return c.body(await res.arrayBuffer(), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': res.headers.get('content-disposition') ?? 'attachment',
      'cache-control': 'no-store',
    });
  });

  app.get('/p/:proposalId/photos/:photoId', async (c) => {
    const lang = langOf(c.req.query('lang'));
    const { proposalId, photoId } = c.req.param();
    const missing = () =>
      missingPage(c, lang, publicTexts[lang].proposalNotFound, ownerProposalPage);
    if (!uuidPattern.test(proposalId) || !uuidPattern.test(photoId)) return missing();
    const answer = await deps.proposals.publicPhoto(proposalId, photoId);
    if (!answer.ok) {
      return answer.error.status < 500 ? missing() : unavailablePage(c, lang, ownerProposalPage);
    }
    const res = answer.value;
    return c.body(await res.arrayBuffer(), 200, {
      'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
      'content-disposition': 'inline',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
  });

  return app;
}
