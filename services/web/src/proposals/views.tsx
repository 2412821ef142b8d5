/** Pieces of the proposals pages shared by the owner's and the staff member's pages. */
import type { Child } from 'hono/jsx';
import type { ApiResult } from '../api.ts';
import { formatInstant, type Lang } from '../i18n.ts';
import type {
  Attachment,
  Comment,
  Ledger,
  Proposal,
  ProposalDetail,
  ProposalStatus,
  Update,
  Wish,
  WishStatus,
} from './client.ts';
import { proposalStatuses, wishStatuses } from './client.ts';
import { proposalTexts, yuanOf } from './texts.ts';

/** Where the links of a page go: the owner's `/o/{token}/…` or the staff's `/staff/c/{id}/…`. */
export interface Paths {
  list(query?: Record<string, string>): string;
  proposal(id: string, query?: Record<string, string>): string;
  file(proposalId: string, fileId: string): string;
  ledger(proposalId: string): string;
  print(proposalId: string): string;
  csv(proposalId: string): string;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text typed with line breaks, as paragraphs (no markup is taken from it). */
export const Paragraphs = (props: { text: string }) => (
  <>
    {props.text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => (
        <p class="prewrap">{line}</p>
      ))}
  </>
);

export const when = (iso: string, lang: Lang) => formatInstant(iso, lang);

/** The statuses a list can be filtered by, as links; the current one marked. */
export function StatusFilter(props: {
  lang: Lang;
  paths: Paths;
  current: ProposalStatus | undefined;
  /** Staff also see drafts. */
  drafts?: boolean;
}) {
  const t = proposalTexts[props.lang];
  const statuses = proposalStatuses.filter((s) => props.drafts || s !== 'draft');
  const item = (label: string, status: ProposalStatus | undefined) => (
    <li>
      <a
        href={props.paths.list(status ? { status } : {})}
        {...(props.current === status ? { 'aria-current': 'page' } : {})}
      >
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label={t.filterLabel}>
      <details open={props.current !== undefined}>
        <summary>
          {t.filterLabel}
          {t.sep}
          {props.current ? t.statuses[props.current] : t.all}
        </summary>
        <ul class="tabs">
          {item(t.all, undefined)}
          {statuses.map((s) => item(t.statuses[s], s))}
        </ul>
      </details>
    </nav>
  );
}

/** "已附议 N / 需 M 户" with a bar, the percentage and what is still needed, in text too. */
export function CosignProgress(props: { proposal: Proposal; lang: Lang; id: string }) {
  const t = proposalTexts[props.lang];
  const { count, required, progressPercent, reached } = props.proposal.cosign;
  if (required === null) return null;
  return (
    <div>
      <p id={props.id}>
        <strong>{t.progress(count, required)}</strong>
        {'　'}
        {reached ? (
          <span class="tag go">{t.reached}</span>
        ) : (
          <span class="muted">{t.stillNeeded(Math.max(0, required - count))}</span>
        )}
      </p>
      <progress
        max={100}
        value={Math.min(100, progressPercent)}
        aria-labelledby={props.id}
      >{`${progressPercent}%`}</progress>
    </div>
  );
}

export function StatusTag(props: { status: ProposalStatus; lang: Lang }) {
  const go = props.status === 'threshold_reached' || props.status === 'done';
  return (
    <span class={go ? 'tag go' : 'tag'}>{proposalTexts[props.lang].statuses[props.status]}</span>
  );
}

/** A proposal in a list: its title as a link, state, category, co-signing. */
export function ProposalCard(props: { proposal: Proposal; lang: Lang; paths: Paths }) {
  const t = proposalTexts[props.lang];
  const p = props.proposal;
  const id = `p-${p.id}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>
        <a href={props.paths.proposal(p.id)}>{p.title}</a>
      </h3>
      <p>
        <StatusTag status={p.status} lang={props.lang} />
        <span class="tag">{t.categories[p.category]}</span>
        {p.mine ? <span class="tag">{t.mine}</span> : null}
        {p.cosign.cosignedByMe ? <span class="tag go">{t.cosigned}</span> : null}
      </p>
      {p.status === 'open' || p.status === 'threshold_reached' ? (
        <CosignProgress proposal={p} lang={props.lang} id={`cp-${p.id}`} />
      ) : null}
    </section>
  );
}

/** Title, state in words, who and when, item of Art. 278, the text and the attachments. */
export function ProposalHead(props: { proposal: ProposalDetail; lang: Lang; paths: Paths }) {
  const t = proposalTexts[props.lang];
  const p = props.proposal;
  const files = p.attachments.filter((a) => a.updateId === null);
  return (
    <>
      <h1>{p.title}</h1>
      <p>
        <StatusTag status={p.status} lang={props.lang} />
        <span class="tag">{t.categories[p.category]}</span>
        {p.mine ? <span class="tag">{t.mine}</span> : null}
      </p>
      <p>{t.statusExplained[p.status]}</p>
      {p.status === 'withdrawn' && p.withdrawnReason ? (
        <p class="note">{t.withdrawnReason(p.withdrawnReason)}</p>
      ) : null}
      <p class="muted">
        {p.authorKind === 'owner' ? t.byOwner : t.byStaff} ·{' '}
        {t.submittedAt(when(p.openedAt ?? p.createdAt, props.lang))}
      </p>
      {p.item ? (
        <p class="note">
          {t.item(p.item)}
          {t.sep}
          {t.itemPlain[p.item]}
        </p>
      ) : null}
      <h2>{t.description}</h2>
      <Paragraphs text={p.description} />
      {files.length > 0 ? (
        <>
          <h2>{t.attachments}</h2>
          <FileList files={files} proposalId={p.id} paths={props.paths} />
        </>
      ) : null}
    </>
  );
}

function FileList(props: { files: Attachment[]; proposalId: string; paths: Paths }) {
  return (
    <ul class="files">
      {props.files.map((f) => (
        <li>
          <a href={props.paths.file(props.proposalId, f.id)}>{f.fileName}</a>{' '}
          <span class="muted">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
        </li>
      ))}
    </ul>
  );
}

/** The decision once there is one: 已形成决定 / 未形成决定, when and how, the result page. */
export function DecisionBlock(props: { proposal: Proposal; lang: Lang; resultHref?: string }) {
  const t = proposalTexts[props.lang];
  const d = props.proposal.decision;
  if (!d) return null;
  return (
    <section aria-labelledby="decision">
      <h2 id="decision">{t.decisionTitle}</h2>
      <p class={d.outcome === 'decided' ? 'decision formed' : 'decision'}>
        {d.outcome === 'decided' ? t.decided : t.notDecided}
      </p>
      <p class="muted">
        {d.decidedAt ? t.decidedAt(when(d.decidedAt, props.lang)) : null}
        {d.source ? `（${t.bySource[d.source]}）` : null}
      </p>
      {props.resultHref ? (
        <p>
          <a href={props.resultHref}>{t.seeResult}</a>
        </p>
      ) : null}
    </section>
  );
}

/** Implementation updates, newest first, with their photos. */
export function Updates(props: {
  updates: Update[];
  proposalId: string;
  lang: Lang;
  paths: Paths;
  children?: Child;
}) {
  const t = proposalTexts[props.lang];
  return (
    <section aria-labelledby="updates">
      <h2 id="updates">{t.updatesTitle}</h2>
      {props.updates.length === 0 ? <p class="muted">{t.noUpdates}</p> : null}
      {props.updates.map((u) => (
        <div class="card">
          <p class="who">{when(u.createdAt, props.lang)}</p>
          <Paragraphs text={u.body} />
          {u.photos.length > 0 ? (
            <ul class="photos">
              {u.photos.map((photo, i) => (
                <li>
                  <a href={props.paths.file(props.proposalId, photo.id)}>
                    <img
                      src={props.paths.file(props.proposalId, photo.id)}
                      alt={`${t.photo(i + 1)}${t.sep}${photo.fileName}`}
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
      {props.children}
    </section>
  );
}

/** A comment as owners see it: a hidden one keeps its place, with the reason and no text. */
function CommentBody(props: { comment: Comment; lang: Lang; moderator?: boolean }) {
  const t = proposalTexts[props.lang];
  const c = props.comment;
  return (
    <>
      <p class="who">
        {c.authorKind === 'owner' ? t.ownerSays : t.staffSays}
        {c.mine ? t.you : ''} · {when(c.createdAt, props.lang)}
      </p>
      {c.hidden ? (
        <>
          <p class="gone">
            {t.hiddenComment}。{t.hiddenReason(c.hidden.reason, when(c.hidden.at, props.lang))}
          </p>
          {c.body && (props.moderator || c.mine) ? <Paragraphs text={c.body} /> : null}
        </>
      ) : c.body ? (
        <Paragraphs text={c.body} />
      ) : null}
    </>
  );
}

/** Comments with their replies under them; `actions` renders forms under a comment. */
export function Comments(props: {
  comments: Comment[];
  lang: Lang;
  moderator?: boolean;
  actions?: (comment: Comment) => Child;
}) {
  const top = props.comments.filter((c) => c.parentId === null);
  const known = new Set(top.map((c) => c.id));
  const repliesOf = (id: string) => props.comments.filter((c) => c.parentId === id);
  // Replies whose parent is on an earlier page still show, at the top of this page.
  const orphans = props.comments.filter((c) => c.parentId !== null && !known.has(c.parentId));
  const item = (c: Comment, children?: Child) => (
    <li id={`c-${c.id}`}>
      <CommentBody comment={c} lang={props.lang} moderator={props.moderator ?? false} />
      {props.actions?.(c)}
      {children}
    </li>
  );
  return (
    <ol class="comments">
      {orphans.map((c) => item(c))}
      {top.map((c) => {
        const replies = repliesOf(c.id);
        return item(c, replies.length > 0 ? <ol>{replies.map((r) => item(r))}</ol> : null);
      })}
    </ol>
  );
}

/** The ledger's totals and every entry with its running balance, in yuan. */
export function LedgerTable(props: { ledger: Ledger; lang: Lang; caption: string }) {
  const t = proposalTexts[props.lang];
  const l = props.ledger;
  return (
    <>
      <ul class="figs">
        <li>
          {t.contributions}
          {t.sep}
          {t.yuan(l.contributionsFen)}
        </li>
        <li>
          {t.expenditures}
          {t.sep}
          {t.yuan(l.expendituresFen)}
        </li>
        <li>
          <strong>
            {t.balance}
            {t.sep}
            {t.yuan(l.balanceFen)}
          </strong>
        </li>
      </ul>
      {l.entries.length === 0 ? (
        <p class="muted">{t.noEntries}</p>
      ) : (
        <table class="ledger">
          <caption class="muted">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">
                {t.col.date}
                <br />
                <span class="muted">{t.col.receipt}</span>
              </th>
              <th scope="col">{t.col.description}</th>
              <th scope="col" class="num">
                {t.col.amount}
                <br />
                <span class="muted">{t.col.balance}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {l.entries.map((e) => (
              <tr>
                <td>
                  <span class="nw">{e.occurredOn}</span>
                  {e.receiptRef ? (
                    <>
                      <br />
                      <span class="muted">{e.receiptRef}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {t.kinds[e.kind]}
                  {t.sep}
                  {e.description}
                </td>
                <td class="num">
                  <strong>
                    {e.kind === 'expenditure' ? '-' : '+'}
                    {yuanOf(e.amountFen)}
                  </strong>
                  <br />
                  <span class="muted">{yuanOf(e.balanceFen)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The ledger as printed for the notice board (定期公示): A4, a table, room for signatures. */
export function PrintableLedger(props: {
  ledger: Ledger;
  lang: Lang;
  now: Date;
  back: string;
  csv: string;
}) {
  const t = proposalTexts[props.lang];
  const l = props.ledger;
  return (
    <>
      <p class="noprint">
        <a href={props.back}>{t.ledgerTitle}</a> · <a href={props.csv}>{t.csv}</a>
      </p>
      <h1>
        {t.ledgerTitle}
        {t.sep}
        {l.title}
      </h1>
      <p>{t.printedAt(when(props.now.toISOString(), props.lang))}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t.col.date}</th>
            <th scope="col">{t.col.kind}</th>
            <th scope="col">{t.col.description}</th>
            <th scope="col" class="num">
              {t.col.amount}
            </th>
            <th scope="col">{t.col.receipt}</th>
            <th scope="col" class="num">
              {t.col.balance}
            </th>
          </tr>
        </thead>
        <tbody>
          {l.entries.map((e) => (
            <tr>
              <td>{e.seq}</td>
              <td class="d">{e.occurredOn}</td>
              <td>{t.kinds[e.kind]}</td>
              <td>{e.description}</td>
              <td class="num">
                {e.kind === 'expenditure' ? '-' : ''}
                {yuanOf(e.amountFen)}
              </td>
              <td>{e.receiptRef}</td>
              <td class="num">{yuanOf(e.balanceFen)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colspan={4}>
              {t.contributions} {yuanOf(l.contributionsFen)} · {t.expenditures}{' '}
              {yuanOf(l.expendituresFen)}
            </td>
            <td class="num" colspan={3}>
              {t.balance} {yuanOf(l.balanceFen)}
            </td>
          </tr>
        </tfoot>
      </table>
      <div class="sign">
        <span>{t.seal}</span>
        <span>{t.postedOn}</span>
      </div>
    </>
  );
}

/** A wish on the wall: what, its state, who claimed it, when it came true. */
export function WishCard(props: { wish: Wish; lang: Lang; children?: Child }) {
  const t = proposalTexts[props.lang];
  const w = props.wish;
  const id = `w-${w.id}`;
  return (
    <section class="card" aria-labelledby={id}>
      <h3 id={id}>{w.title}</h3>
      <p>
        <span class={w.status === 'fulfilled' ? 'tag go' : 'tag'}>{t.wishStatuses[w.status]}</span>
        {w.mine ? <span class="tag">{t.mine}</span> : null}
      </p>
      <Paragraphs text={w.description} />
      {w.claimant ? (
        <p class="who">
          {t.claimedBy(t.claimants[w.claimant.kind], w.claimant.name)} ·{' '}
          {when(w.claimant.claimedAt, props.lang)}
        </p>
      ) : null}
      {w.fulfilledAt ? (
        <p class="who">
          {t.fulfilledAt(when(w.fulfilledAt, props.lang))}
          {w.fulfilmentNote ? `${t.sep}${w.fulfilmentNote}` : ''}
        </p>
      ) : null}
      {props.children}
    </section>
  );
}

/** "Next page" / "first page" of a cursor-paginated list. */
export function Pager(props: {
  lang: Lang;
  first: string;
  next: string | null;
  hasCursor: boolean;
}) {
  const t = proposalTexts[props.lang];
  if (!props.hasCursor && !props.next) return null;
  return (
    <p class="pager">
      {props.hasCursor ? <a href={props.first}>{t.firstPage}</a> : null}
      {props.next ? (
        <>
          {props.hasCursor ? '　' : null}
          <a href={props.next}>{t.nextPage}</a>
        </>
      ) : null}
    </p>
  );
}

/** A field's error under it. */
export const FieldError = (props: { id: string; message: string | undefined }) =>
  props.message ? (
    <p class="error" id={props.id} role="alert">
      {props.message}
    </p>
  ) : null;

/** A line that says what was done (or, with `error`, what went wrong); nothing without a message. */
export const Notice = (props: { message: string | null | undefined; error?: boolean }) =>
  props.message ? (
    <p class={props.error ? 'error' : 'ok'} role={props.error ? 'alert' : 'status'}>
      {props.message}
    </p>
  ) : null;

/**
 * A proposal's comments section: the comments (or why there are none), `actions` under each, the
 * pager, and `children` (the owner's comment form) at the end.
 */
export function CommentsSection(props: {
  comments: ApiResult<{ items: Comment[]; nextCursor: string | null }>;
  proposalId: string;
  lang: Lang;
  paths: Paths;
  hasCursor: boolean;
  moderator?: boolean;
  actions: (comment: Comment) => Child;
  children?: Child;
}) {
  const t = proposalTexts[props.lang];
  const { comments, paths, proposalId } = props;
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">{t.commentsTitle}</h2>
      {!comments.ok ? (
        <p class="error">{t.refusals.unavailable}</p>
      ) : comments.value.items.length === 0 ? (
        <p class="muted">{t.noComments}</p>
      ) : (
        <Comments
          comments={comments.value.items}
          lang={props.lang}
          {...(props.moderator ? { moderator: true } : {})}
          actions={props.actions}
        />
      )}
      {comments.ok ? (
        <Pager
          lang={props.lang}
          hasCursor={props.hasCursor}
          first={`${paths.proposal(proposalId)}#comments`}
          next={
            comments.value.nextCursor
              ? `${paths.proposal(proposalId, { cc: comments.value.nextCursor })}#comments`
              : null
          }
        />
      ) : null}
      {props.children}
    </section>
  );
}

/** The wish wall's counts and its filter by state as tabs; `href` makes a tab's link. */
export function WishTabs(props: {
  lang: Lang;
  counts: { total: number; open: number; claimed: number; fulfilled: number };
  current: WishStatus | undefined;
  href: (query: Record<string, string>) => string;
}) {
  const t = proposalTexts[props.lang];
  const { counts, current: status } = props;
  return (
    <>
      <p class="stats">{t.wishCounts(counts.fulfilled, counts.total)}</p>
      <p class="muted">{t.wishCountsDetail(counts.open, counts.claimed)}</p>
      <nav aria-label={t.filterLabel}>
        <ul class="tabs">
          <li>
            <a href={props.href({})} {...(status ? {} : { 'aria-current': 'page' })}>
              {t.all}
            </a>
          </li>
          {wishStatuses.map((s) => (
            <li>
              <a
                href={props.href({ status: s })}
                {...(status === s ? { 'aria-current': 'page' } : {})}
              >
                {t.wishStatuses[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
