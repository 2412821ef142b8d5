/**
 * Roster import: upload a CSV or XLSX to the directory (a dry run), the preview with each row's
 * error next to its row number, then apply; the page refreshes itself while the job runs.
 */
import { Hono } from 'hono';
import type { ImportChange, RosterImport } from '../directory-client.ts';
import type { Lang } from '../i18n.ts';
import { CsrfInput, Pager, staffPage } from '../staff/frame.tsx';
import { requireStaffSession, type StaffSessionEnv } from '../staff/session.ts';
import {
  apiErrorPage,
  type CommitteeDeps,
  committeeGuard,
  communityLinks,
  errorSentence,
  uuidPattern,
} from './common.tsx';
import { committeeTexts } from './texts.ts';

/** The directory's own limit is 20 MB; the web refuses bigger bodies before reading them. */
const MAX_UPLOAD_BYTES = 21 * 1024 * 1024;

const running = new Set(['checking', 'applying']);

function describeChange(change: ImportChange): string {
  const unit = (change.unit ?? {}) as { building?: string; entrance?: string; room?: string };
  const owner = (change.owner ?? {}) as { name?: string };
  const label = [unit.building, unit.entrance, unit.room]
    .filter((p) => p !== undefined && p !== '')
    .join('-');
  if (label) return label;
  if (typeof change.building === 'string') return change.building;
  if (typeof change.after === 'string') return `${String(change.before ?? '')} → ${change.after}`;
  if (owner.name) return owner.name;
  if (typeof change.name === 'string') return change.name;
  return '';
}

export function committeeRosterPages(deps: CommitteeDeps) {
  const app = new Hono<StaffSessionEnv>();
  app.use('/staff/c/*', requireStaffSession());

  const uploadPage = (
    c: Parameters<typeof committeeGuard>[0],
    lang: Lang,
    communityId: string,
    error?: string,
  ) => {
    const t = committeeTexts[lang];
    return staffPage(
      c,
      {
        lang,
        title: t.importTitle,
        links: communityLinks(lang, communityId),
        ...(error ? { status: 400 as const } : {}),
      },
      <>
        <h1>{t.importTitle}</h1>
        <p>{t.importLead}</p>
        <p>
          <a href={`/staff/c/${communityId}/roster/template.xlsx`}>{t.template}</a>
        </p>
        {error ? (
          <p class="error" role="alert" id="upload-error">
            {error}
          </p>
        ) : null}
        <form
          method="post"
          action={`/staff/c/${communityId}/roster/import`}
          enctype="multipart/form-data"
        >
          <CsrfInput c={c} />
          <label class="field" for="file">
            {t.file}
          </label>
          <input
            type="file"
            id="file"
            name="file"
            required
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            {...(error ? { 'aria-describedby': 'upload-error' } : {})}
          />
          <button type="submit">{t.upload}</button>
        </form>
      </>,
    );
  };

  app.get('/staff/c/:communityId/roster/import', (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    return uploadPage(c, g.lang, g.communityId);
  });

  app.get('/staff/c/:communityId/roster/template.xlsx', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const answer = await deps.directory.rosterTemplate(g.token, g.communityId);
    if (!answer.ok) return apiErrorPage(c, g.lang, answer.error);
    const headers = new Headers({ 'cache-control': 'no-store' });
    for (const name of ['content-type', 'content-disposition', 'content-length']) {
      const value = answer.value.headers.get(name);
      if (value) headers.set(name, value);
    }
    return new Response(answer.value.body, { status: 200, headers });
  });

  app.post('/staff/c/:communityId/roster/import', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const t = committeeTexts[lang];
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_UPLOAD_BYTES) return uploadPage(c, lang, communityId, t.noFile);
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0)
      return uploadPage(c, lang, communityId, t.noFile);
    const answer = await deps.directory.uploadRoster(token, communityId, file, lang);
    if (!answer.ok) {
      if (answer.error.status >= 500 || answer.error.status === 404)
        return apiErrorPage(c, lang, answer.error);
      return uploadPage(c, lang, communityId, errorSentence(answer.error, lang));
    }
    return c.redirect(`/staff/c/${communityId}/roster/imports/${answer.value.importId}`, 303);
  });

  app.get('/staff/c/:communityId/roster/imports/:importId', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const importId = c.req.param('importId');
    if (!uuidPattern.test(importId))
      return c.redirect(`/staff/c/${communityId}/roster/import`, 303);
    const errorsCursor = c.req.query('errorsCursor');
    const changesCursor = c.req.query('changesCursor');
    const answer = await deps.directory.rosterImport(token, communityId, importId, {
      ...(errorsCursor ? { errorsCursor } : {}),
      ...(changesCursor ? { changesCursor } : {}),
      limit: 50,
    });
    if (!answer.ok) return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
    const job = answer.value;
    if (running.has(job.status)) c.header('refresh', '2');
    return staffPage(
      c,
      { lang, title: committeeTexts[lang].importTitle, links: communityLinks(lang, communityId) },
      <ImportPage
        c={c}
        lang={lang}
        job={job}
        errorsCursor={errorsCursor}
        changesCursor={changesCursor}
      />,
    );
  });

  app.post('/staff/c/:communityId/roster/imports/:importId/apply', async (c) => {
    const g = committeeGuard(c);
    if (!g.ok) return g.response;
    const { lang, communityId, token } = g;
    const importId = c.req.param('importId');
    if (!uuidPattern.test(importId))
      return c.redirect(`/staff/c/${communityId}/roster/import`, 303);
    const answer = await deps.directory.applyImport(token, communityId, importId, lang);
    if (!answer.ok) return apiErrorPage(c, lang, answer.error, communityLinks(lang, communityId));
    return c.redirect(`/staff/c/${communityId}/roster/imports/${importId}`, 303);
  });

  return app;
}

function ImportPage(props: {
  c: Parameters<typeof CsrfInput>[0]['c'];
  lang: Lang;
  job: RosterImport;
  errorsCursor: string | undefined;
  changesCursor: string | undefined;
}) {
  const { c, lang, job } = props;
  const t = committeeTexts[lang];
  const base = `/staff/c/${job.communityId}/roster/imports/${job.id}`;
  const summary = job.summary ?? {};
  const isRunning = running.has(job.status);
  return (
    <>
      <h1>{t.importTitle}</h1>
      <p>
        <strong>{job.fileName}</strong>{' '}
        <span
          class={job.status === 'invalid' || job.status === 'failed' ? 'badge error' : 'badge'}
          role="status"
        >
          {t.importStatus[job.status]}
        </span>
      </p>
      {isRunning ? (
        <>
          <progress
            max={job.progress.total ?? 100}
            value={job.progress.total ? job.progress.done : undefined}
            aria-label={t.importStatus[job.status]}
          />
          <p class="muted">
            {t.progress(job.progress.done, job.progress.total)} · {t.autoRefresh}{' '}
            <a href={base}>{t.refresh}</a>
          </p>
        </>
      ) : null}
      {job.failure ? (
        <p class="error" role="alert">
          {job.failure.message[lang]}
        </p>
      ) : null}
      {job.summary ? (
        <>
          <h2>{t.summary}</h2>
          <table class="narrow">
            <tbody>
              {Object.entries(t.summaryLabels)
                .filter(([key]) => summary[key] !== undefined)
                .map(([key, label]) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <td class="num">{summary[key]}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      ) : null}
      {job.errors.items.length > 0 ? (
        <>
          <h2 id="row-errors">{t.rowErrors}</h2>
          <p>{t.rowErrorsLead}</p>
          <table aria-labelledby="row-errors">
            <thead>
              <tr>
                <th scope="col">{t.colRow}</th>
                <th scope="col">{t.colColumn}</th>
                <th scope="col">{t.colValue}</th>
                <th scope="col">{t.colReason}</th>
              </tr>
            </thead>
            <tbody>
              {job.errors.items.map((e) => (
                <tr class="bad">
                  <td class="num">{e.row === 0 ? t.wholeFile : e.row}</td>
                  <td>{e.column ?? ''}</td>
                  <td>{e.value ?? ''}</td>
                  <td class="err">{e.message[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            lang={lang}
            base={base}
            param="errorsCursor"
            cursor={props.errorsCursor}
            nextCursor={job.errors.nextCursor}
          />
        </>
      ) : null}
      {job.status === 'ready' ? (
        <form method="post" action={`${base}/apply`}>
          <CsrfInput c={c} />
          <p>{t.applyLead}</p>
          <button type="submit">{t.apply}</button>
        </form>
      ) : null}
      {job.status === 'invalid' || job.status === 'failed' || job.status === 'applied' ? (
        <p>
          <a href={`/staff/c/${job.communityId}/roster/import`}>{t.uploadAgain}</a>
        </p>
      ) : null}
      {job.changes.items.length > 0 ? (
        <>
          <h2 id="changes">{t.changes}</h2>
          <table aria-labelledby="changes">
            <thead>
              <tr>
                <th scope="col">{t.colRow}</th>
                <th scope="col">{t.colStatus}</th>
                <th scope="col">{t.colValue}</th>
              </tr>
            </thead>
            <tbody>
              {job.changes.items.map((ch) => (
                <tr>
                  <td class="num">{ch.row ?? ''}</td>
                  <td>{t.change[ch.kind] ?? ch.kind}</td>
                  <td>{describeChange(ch)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            lang={lang}
            base={base}
            param="changesCursor"
            cursor={props.changesCursor}
            nextCursor={job.changes.nextCursor}
          />
        </>
      ) : null}
    </>
  );
}
