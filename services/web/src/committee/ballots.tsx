/**
 * The community's home (its ballots and their state) and a ballot's page with what can be done in
 * its state: open, links (export, QR sheet, revoke and re-issue), extend, close, publish, cancel,
 * the audit check; on a draft, each matter's attachments (PDF or image, uploaded through the web to
 * the ballots service, which checks the type by the file's bytes). An election's candidates are
 * listed under their election. Every action is a plain form, POST-redirect-GET.
 */
import { QUORUM_RULE } from '@yishi/domain';
import { Hono } from 'hono';
import type { StaffAttachment, StaffBallot } from '../ballots-staff-client.ts';
import { dashboardPath } from '../dashboard/pages.tsx';
import type { Lang } from '../i18n.ts';
import { CsrfInput, messagePage, Pager, staffPage } from '../staff/frame.tsx';
import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import { staffTexts } from '../staff/texts.ts';
import {
  apiErrorPage,
  type CommitteeDeps,
  committeeGuard,
  communityLinks,
  errorSentence,
  field,
  fromLocalInput,
  isCommittee,
  toLocalInput,
  uuidPattern,
  when,
} from './common.tsx';
import { committeeTexts } from './texts.ts';

const StatusBadge = (props: { lang: Lang; status: string }) => (
  <span class="badge">{committeeTexts[props.lang].status[props.status] ?? props.status}</span>
);

/** Whether the ballot has figures to follow: the ballots service counts from its opening on. */
const hasProgress = (b: Pick<StaffBallot, 'openedAt'>) => b.openedAt !== null;

/** A page's one-off notice carried through the redirect (`?done=`), from a fixed list. */
const notices = [
  'opened',
  'extended',
  'closed',
  'published',
  'cancelled',
  'updated',
  'attached',
  'removed',
] as const;

/** "PDF, 120 KB": the kind and size of an attached file. */
export function fileSize(contentType: string, bytes: number) {
  const kind =
    contentType === 'application/pdf' ? 'PDF' : contentType.replace(/^image\//, '').toUpperCase();
  const size =
    bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${kind}, ${size}`;
}

type MatterView = StaffBallot['matters'][number];

/** The matters in ballot order, each election's candidates gathered where its first one stands. */
export function groupMatters(matters: readonly MatterView[]) {
  const groups: (
    | { kind: 'question'; matter: MatterView }
    | { kind: 'election'; election: NonNullable<MatterView['election']>; candidates: MatterView[] }
  )[] = [];
  const elections = new Map<string, MatterView[]>();
  for (const m of [...matters].sort((a, b) => a.position - b.position)) {
    if (!m.election) {
      groups.push({ kind: 'question', matter: m });
      continue;
    }
    const known = elections.get(m.election.id);
    if (known) {
      known.push(m);
      continue;
    }
    const candidates = [m];
    elections.set(m.election.id, candidates);
    groups.push({ kind: 'election', election: m.election, candidates });
  }
  return groups;
}

export function committeeBallotPages(deps: CommitteeDeps) {
  const app = new Hono<StaffSessionEnv>();
  app.use('/staff/c/*', requireStaffSession());

  app.get('/staff/c/:communityId', async (c) => {
    const g = committeeGuard(c, { anyStaff: true });
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const t = committeeTexts[lang];
    const cursor = c.req.query('cursor');
    const [community, list] = await Promise.all([
      deps.directory.community(token, communityId),
      deps.ballots.list(token, communityId, cursor),
    ]);
    if (!community.ok) return apiErrorPage(c, lang, community.error);
    if (!list.ok) return apiErrorPage(c, lang, list.error);
    const name = community.value.name;
    // The Party secretary and grid workers follow the ballots on their dashboards; drafting and
    // running them (the ballot's own page) is the committee's.
    const committee = isCommittee(c, communityId);
    return staffPage(
      c,
      { lang, title: t.homeTitle(name), links: communityLinks(lang, communityId, committee) },
      <>
        <h1>{t.homeTitle(name)}</h1>
        {committee ? (
          <p>
            <a href={`/staff/c/${communityId}/ballots/new`}>{t.newBallot}</a>
            {' · '}
            <a href={`/staff/c/${communityId}/roster/import`}>{t.roster}</a>
          </p>
        ) : null}
        <h2>{t.ballots}</h2>
        {list.value.items.length === 0 ? (
          <p>{t.noBallots}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.colTitle}</th>
                <th scope="col">{t.colStatus}</th>
                <th scope="col">{t.colWindow}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.items.map((b) => (
                <tr>
                  <td>
                    {committee ? (
                      <a href={`/staff/c/${communityId}/ballots/${b.id}`}>{b.title}</a>
                    ) : (
                      b.title
                    )}
                    {hasProgress(b) ? (
                      <>
                        <br />
                        <a
                          href={dashboardPath({ communityId, ballotId: b.id })}
                          aria-label={t.dashboardOf(b.title)}
                        >
                          {t.dashboard}
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <StatusBadge lang={lang} status={b.status} />
                  </td>
                  <td>{t.window(when(b.window.opensAt, lang), when(b.window.closesAt, lang))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          lang={lang}
          base={`/staff/c/${communityId}`}
          cursor={cursor}
          nextCursor={list.value.nextCursor}
        />
      </>,
    );
  });

  app.get('/staff/c/:communityId/ballots/:ballotId', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const ballotId = c.req.param('ballotId');
    const links = communityLinks(lang, communityId);
    if (!uuidPattern.test(ballotId)) {
      const s = staffTexts[lang];
      return messagePage(c, lang, 404, s.notFoundTitle, s.notFound, links);
    }
    const answer = await deps.ballots.get(token, communityId, ballotId);
    if (!answer.ok) return apiErrorPage(c, lang, answer.error, links);
    const ballot = answer.value;
    const live = ballot.status === 'open' || ballot.status === 'extended';
    const cursor = c.req.query('cursor');
    const nonVoters = live
      ? await deps.ballots.nonVoters(token, communityId, ballotId, { cursor, limit: 50 }, lang)
      : null;
    const done = c.req.query('done');
    const error = c.req.query('error');
    const check =
      c.req.query('check') === '1'
        ? await deps.ballots.auditCheck(token, communityId, ballotId)
        : null;
    // A draft's attachments, which the committee can still change.
    const files =
      ballot.status === 'draft'
        ? new Map(
            await Promise.all(
              ballot.matters.map(async (m) => {
                const list = await deps.ballots.attachments(token, communityId, ballotId, m.id);
                return [m.id, list.ok ? list.value.items : []] as const;
              }),
            ),
          )
        : null;
    return staffPage(
      c,
      { lang, title: ballot.title, links },
      <BallotPage
        c={c}
        lang={lang}
        ballot={ballot}
        done={notices.find((n) => n === done) ?? null}
        error={error ?? null}
        nonVoters={nonVoters?.ok ? nonVoters.value : null}
        cursor={cursor}
        check={check}
        files={files}
        newLink={c.req.query('link') ?? null}
      />,
    );
  });

  /** The lifecycle commands; a refusal comes back to the ballot page with the service's words. */
  const command = (verb: 'open' | 'close' | 'extend' | 'publish' | 'cancel') =>
    app.post(`/staff/c/:communityId/ballots/:ballotId/${verb}`, async (c) => {
      const g = committeeGuard(c);
      if (!g.ok) return g.response;
      const { lang, communityId, token } = g;
      const ballotId = c.req.param('ballotId');
      const page = `/staff/c/${communityId}/ballots/${ballotId}`;
      if (!uuidPattern.test(ballotId)) return c.redirect(`/staff/c/${communityId}`, 303);
      const form = (await c.req.parseBody()) as Record<string, unknown>;
      let body: Record<string, unknown> | undefined;
      if (verb === 'extend')
        body = { closesAt: fromLocalInput(form.closesAt), reason: field(form, 'reason') };
      if (verb === 'publish')
        body = { from: fromLocalInput(form.from), until: fromLocalInput(form.until) };
      if (verb === 'cancel') body = { reason: field(form, 'reason') };
      const answer = await deps.ballots.command(token, communityId, ballotId, verb, body, lang);
      if (!answer.ok) {
        if (answer.error.status === 404 || answer.error.status >= 500) {
          return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
        }
        const error = errorSentence(answer.error, lang).slice(0, 600);
        return c.redirect(`${page}?${new URLSearchParams({ error })}`, 303);
      }
      const doneWord = {
        open: 'opened',
        close: 'closed',
        extend: 'extended',
        publish: 'published',
        cancel: 'cancelled',
      }[verb];
      return c.redirect(`${page}?done=${doneWord}`, 303);
    });
  for (const verb of ['open', 'close', 'extend', 'publish', 'cancel'] as const) command(verb);

  app.post('/staff/c/:communityId/ballots/:ballotId/reissue', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const ballotId = c.req.param('ballotId');
    if (!uuidPattern.test(ballotId)) return c.redirect(`/staff/c/${communityId}`, 303);
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const holderKey = field(form, 'holderKey');
    const reason = field(form, 'reason') || (lang === 'zh' ? '业主遗失链接' : 'link lost');
    const answer = await deps.ballots.reissue(
      token,
      communityId,
      ballotId,
      holderKey,
      reason,
      lang,
    );
    if (!answer.ok) return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
    // The new link is shown once, on a page that is not cached and not sent as a referrer.
    const t = committeeTexts[lang];
    return staffPage(
      c,
      { lang, title: t.reissueTitle, links: communityLinks(lang, communityId) },
      <>
        <h1>{t.reissueTitle}</h1>
        <p class="ok" role="status">
          {t.newLink}
        </p>
        <p class="hash">{answer.value.link}</p>
        <p>
          <a href={`/staff/c/${communityId}/ballots/${ballotId}`}>{t.back}</a>
        </p>
      </>,
    );
  });

  /** The links spreadsheet and the QR sheet, passed through from the ballots service. */
  for (const which of ['links.xlsx', 'qr-sheet'] as const) {
    app.get(`/staff/c/:communityId/ballots/:ballotId/${which}`, async (c) => {
      const g = committeeGuard(c);
      if (!g.ok) return g.response;
      const { lang, communityId, token } = g;
      const ballotId = c.req.param('ballotId');
      if (!uuidPattern.test(ballotId)) return c.redirect(`/staff/c/${communityId}`, 303);
      const answer = await deps.ballots.file(token, communityId, ballotId, which);
      if (!answer.ok) return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
      const upstream = answer.value;
      const headers = new Headers({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      for (const name of ['content-type', 'content-disposition', 'content-length']) {
        const value = upstream.headers.get(name);
        if (value) headers.set(name, value);
      }
      if (which === 'qr-sheet') {
        // The ballots service's printable page carries its own style; the web's CSP would block it.
        headers.set(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'",
        );
      }
      return new Response(upstream.body, { status: 200, headers });
    });
  }

  /**
   * A file attached to a draft's matter: the multipart form (its CSRF token checked by the staff
   * session, its size by the web's body limit) goes on to the ballots service, whose refusal (type
   * by the file's bytes, size, not a draft) comes back to the ballot page in its own words.
   */
  const attachmentPaths = '/staff/c/:communityId/ballots/:ballotId/matters/:matterId/attachments';
  const attachmentTarget = (c: Parameters<typeof committeeGuard>[0]) => {
    const g = committeeGuard(c);
    if (!g.ok) return g;
    const ballotId = c.req.param('ballotId') ?? '';
    const matterId = c.req.param('matterId') ?? '';
    const attachmentId = c.req.param('attachmentId');
    if (
      !uuidPattern.test(ballotId) ||
      !uuidPattern.test(matterId) ||
      (attachmentId !== undefined && !uuidPattern.test(attachmentId))
    ) {
      const s = staffTexts[g.lang];
      return {
        ok: false as const,
        response: messagePage(c, g.lang, 404, s.notFoundTitle, s.notFound),
      };
    }
    return {
      ...g,
      ballotId,
      matterId,
      attachmentId: attachmentId ?? '',
      page: `/staff/c/${g.communityId}/ballots/${ballotId}`,
    };
  };
  const backWith = (
    c: Parameters<typeof committeeGuard>[0],
    target: { page: string; matterId: string },
    query: Record<string, string>,
  ) => c.redirect(`${target.page}?${new URLSearchParams(query)}#m-${target.matterId}`, 303);

  app.post(attachmentPaths, async (c) => {
    const target = attachmentTarget(c);
    if (!target.ok) return target.response;
    const { lang, communityId, token } = target;
    const form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) {
      return backWith(c, target, { error: committeeTexts[lang].chooseFile });
    }
    const answer = await deps.ballots.attach(
      token,
      communityId,
      target.ballotId,
      target.matterId,
      file,
      lang,
    );
    if (!answer.ok) {
      if (answer.error.status === 404 || answer.error.status >= 500) {
        return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
      }
      return backWith(c, target, { error: errorSentence(answer.error, lang).slice(0, 600) });
    }
    return backWith(c, target, { done: 'attached' });
  });

  app.post(`${attachmentPaths}/:attachmentId/remove`, async (c) => {
    const target = attachmentTarget(c);
    if (!target.ok) return target.response;
    const { lang, communityId, token } = target;
    const answer = await deps.ballots.removeAttachment(
      token,
      communityId,
      target.ballotId,
      target.matterId,
      target.attachmentId,
      lang,
    );
    if (!answer.ok) {
      if (answer.error.status === 404 || answer.error.status >= 500) {
        return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
      }
      return backWith(c, target, { error: errorSentence(answer.error, lang).slice(0, 600) });
    }
    return backWith(c, target, { done: 'removed' });
  });

  app.get(`${attachmentPaths}/:attachmentId`, async (c) => {
    const target = attachmentTarget(c);
    if (!target.ok) return target.response;
    const { lang, communityId, token } = target;
    const answer = await deps.ballots.attachmentFile(
      token,
      communityId,
      target.ballotId,
      target.matterId,
      target.attachmentId,
    );
    if (!answer.ok) return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
    const upstream = answer.value;
    // The stored type only (PDF or an image), never sniffed, never able to run anything here.
    const headers = new Headers({
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    for (const name of ['content-type', 'content-disposition', 'content-length', 'etag']) {
      const value = upstream.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(upstream.body, { status: 200, headers });
  });

  return app;
}

/** A matter's files: listed with their size and, on a draft, a remove button and an upload form. */
function MatterFiles(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  base: string;
  matterId: string;
  label: string;
  files: StaffAttachment[];
}) {
  const t = committeeTexts[props.lang];
  const path = `${props.base}/matters/${props.matterId}/attachments`;
  const inputId = `file-${props.matterId}`;
  return (
    <div class="files">
      {props.files.length === 0 ? (
        <p class="muted">{t.noAttachments}</p>
      ) : (
        <ul aria-label={`${t.attachments}：${props.label}`}>
          {props.files.map((f) => (
            <li>
              <a href={`${path}/${f.id}`}>{f.fileName}</a>{' '}
              <span class="muted">({fileSize(f.contentType, f.size)})</span>{' '}
              <form class="inline" method="post" action={`${path}/${f.id}/remove`}>
                <CsrfInput c={props.c} />
                <button type="submit" class="secondary small" aria-label={t.removeFile(f.fileName)}>
                  {t.remove}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={path} enctype="multipart/form-data">
        <CsrfInput c={props.c} />
        <label class="field" for={inputId}>
          {t.attachFile}
        </label>
        <input
          type="file"
          id={inputId}
          name="file"
          required
          accept="application/pdf,image/jpeg,image/png,image/webp,.pdf,.jpg,.jpeg,.png,.webp"
        />
        <button type="submit" class="secondary small">
          {t.uploadFile}
        </button>
      </form>
    </div>
  );
}

function BallotPage(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  ballot: StaffBallot;
  done: string | null;
  error: string | null;
  nonVoters: {
    items: { holderKey: string; building: string; entrance: string; room: string; area: string }[];
    nextCursor: string | null;
  } | null;
  cursor: string | undefined;
  check: Awaited<ReturnType<CommitteeDeps['ballots']['auditCheck']>> | null;
  /** Each matter's attachments, on a draft only. */
  files: Map<string, StaffAttachment[]> | null;
  newLink: string | null;
}) {
  const { c, lang, ballot } = props;
  const t = committeeTexts[lang];
  const base = `/staff/c/${ballot.communityId}/ballots/${ballot.id}`;
  const status = ballot.status;
  const live = status === 'open' || status === 'extended';
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
  return (
    <>
      <h1>{ballot.title}</h1>
      <p>
        <StatusBadge lang={lang} status={status} />{' '}
        {t.window(when(ballot.window.opensAt, lang), when(ballot.window.closesAt, lang))}
      </p>
      {props.done === 'attached' || props.done === 'removed' ? (
        <p class="ok" role="status">
          {props.done === 'attached' ? t.attached : t.removed}
        </p>
      ) : props.done ? (
        <p class="ok" role="status">
          {t.status[
            {
              opened: 'open',
              extended: 'extended',
              closed: 'closed',
              published: 'published',
              cancelled: 'cancelled',
              updated: 'draft',
            }[props.done] ?? ''
          ] ?? ''}
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {ballot.cancelReason ? <p>{t.cancelledBecause(ballot.cancelReason)}</p> : null}
      {hasProgress(ballot) ? (
        <p>
          <a href={dashboardPath({ communityId: ballot.communityId, ballotId: ballot.id })}>
            {t.dashboard}
          </a>
          <span class="muted"> — {t.dashboardLead}</span>
        </p>
      ) : null}
      {ballot.warnings.map((w) => (
        <p class="warn" role="note">
          <strong>{t.noticeWarning}：</strong>
          {w.message[lang]}
        </p>
      ))}
      {ballot.description ? <p>{ballot.description}</p> : null}
      <p class="muted">
        {ballot.scope.kind === 'estate'
          ? t.scopeEstate
          : t.scopeBuildings(ballot.scope.buildingIds.length)}
        {' · '}
        {t.publicationOptions[ballot.publication]}
        {' · '}
        {t.secondFactor}：{t.secondFactorOptions[ballot.secondFactor]}
      </p>
      <h2>{t.matters}</h2>
      <ol>
        {groupMatters(ballot.matters).map((g) => {
          const filesOf = (m: MatterView) =>
            props.files ? (
              <MatterFiles
                c={c}
                lang={lang}
                base={base}
                matterId={m.id}
                label={m.title}
                files={props.files.get(m.id) ?? []}
              />
            ) : null;
          if (g.kind === 'question') {
            const m = g.matter;
            return (
              <li id={`m-${m.id}`}>
                <strong>{m.title}</strong>
                <div class="muted">
                  {m.label[lang]} — {m.explanation[lang]}
                </div>
                {filesOf(m)}
              </li>
            );
          }
          const first = g.candidates[0]!;
          return (
            <li>
              <strong>{t.seatsOf(g.election.title, g.election.seats)}</strong>
              <div class="muted">
                {first.label[lang]} — {first.explanation[lang]}
              </div>
              <ul>
                {g.candidates.map((m) => (
                  <li id={`m-${m.id}`}>
                    {t.candidate}：<strong>{m.title}</strong>
                    {filesOf(m)}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
      <p class="muted">
        {t.quorum}
        {QUORUM_RULE[lang]}
      </p>

      {status === 'draft' ? (
        <>
          <p>
            <a href={`${base}/edit`}>{t.edit}</a>
          </p>
          <form method="post" action={`${base}/open`}>
            <CsrfInput c={c} />
            <p class="muted">{t.openLead}</p>
            <button type="submit">{t.open}</button>
          </form>
        </>
      ) : null}

      {live ? (
        <>
          <h2>{t.links}</h2>
          <p class="muted">{t.linksLead}</p>
          <ul>
            <li>
              <a href={`${base}/links.xlsx`}>{t.linksXlsx}</a>
            </li>
            <li>
              <a href={`${base}/qr-sheet`} target="_blank" rel="noopener">
                {t.qrSheet}
              </a>
            </li>
          </ul>
        </>
      ) : null}

      {live || status === 'closed' ? (
        <p>
          <a href={`${base}/paper`}>{t.paper}</a>
        </p>
      ) : null}

      {live ? (
        <>
          <h2>{t.extend}</h2>
          <form method="post" action={`${base}/extend`}>
            <CsrfInput c={c} />
            <p class="muted">{t.extendLead}</p>
            <label class="field" for="closesAt">
              {t.newClose}
            </label>
            <input
              type="datetime-local"
              id="closesAt"
              name="closesAt"
              required
              value={toLocalInput(ballot.window.closesAt)}
            />
            <label class="field" for="extend-reason">
              {t.reason}
            </label>
            <input type="text" id="extend-reason" name="reason" required maxlength={2000} />
            <button type="submit" class="secondary">
              {t.extend}
            </button>
          </form>
          <h2>{t.close}</h2>
          <form method="post" action={`${base}/close`}>
            <CsrfInput c={c} />
            <p class="muted">{t.closeLead}</p>
            <button type="submit">{t.close}</button>
          </form>
        </>
      ) : null}

      {status === 'closed' ? (
        <>
          <h2>{t.publish}</h2>
          <form method="post" action={`${base}/publish`}>
            <CsrfInput c={c} />
            <div class="row">
              <div>
                <label class="field" for="from">
                  {t.publishFrom}
                </label>
                <input
                  type="datetime-local"
                  id="from"
                  name="from"
                  required
                  value={toLocalInput(new Date().toISOString())}
                />
              </div>
              <div>
                <label class="field" for="until">
                  {t.publishUntil}
                </label>
                <input
                  type="datetime-local"
                  id="until"
                  name="until"
                  required
                  value={toLocalInput(inAWeek)}
                />
              </div>
            </div>
            <button type="submit">{t.publish}</button>
          </form>
        </>
      ) : null}

      {status === 'published' ? (
        <p>
          <a href={`/r/${ballot.id}`}>{t.resultPage}</a>
        </p>
      ) : null}

      {status !== 'draft' ? (
        <>
          <h2>{t.audit}</h2>
          {props.check ? (
            props.check.ok ? (
              props.check.value.ok ? (
                <p class="ok" role="status">
                  {t.auditOk(Number(props.check.value.entries ?? 0))}
                </p>
              ) : (
                <div class="error" role="alert">
                  <p>{t.auditBroken}</p>
                  <ul>
                    {props.check.value.problems.map((p) => (
                      <li>{t.auditProblem(p.check, p.seq, p.reason)}</li>
                    ))}
                  </ul>
                </div>
              )
            ) : (
              <p class="error">{errorSentence(props.check.error, lang)}</p>
            )
          ) : null}
          <p>
            <a href={`${base}?check=1`}>{t.audit}</a>
          </p>
          {ballot.snapshotHash ? (
            <p class="muted">
              {t.snapshot}: <span class="hash">{ballot.snapshotHash}</span>
            </p>
          ) : null}
        </>
      ) : null}

      {live && props.nonVoters ? (
        <>
          <h2>{t.reissueTitle}</h2>
          <p class="muted">{t.reissueLead}</p>
          <table class="narrow">
            <tbody>
              {props.nonVoters.items.map((u) => (
                <tr>
                  <td>
                    {u.building}-{u.entrance}-{u.room}
                  </td>
                  <td class="num">{u.area} m²</td>
                  <td>
                    <form class="inline" method="post" action={`${base}/reissue`}>
                      <CsrfInput c={c} />
                      <input type="hidden" name="holderKey" value={u.holderKey} />
                      <button type="submit" class="secondary small">
                        {t.reissue}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            lang={lang}
            base={base}
            cursor={props.cursor}
            nextCursor={props.nonVoters.nextCursor}
          />
        </>
      ) : null}

      {status === 'draft' || live ? (
        <>
          <h2>{t.cancel}</h2>
          <form method="post" action={`${base}/cancel`}>
            <CsrfInput c={c} />
            <p class="muted">{t.cancelLead}</p>
            <label class="field" for="cancel-reason">
              {t.reason}
            </label>
            <input type="text" id="cancel-reason" name="reason" required maxlength={2000} />
            <button type="submit" class="secondary">
              {t.cancel}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}
