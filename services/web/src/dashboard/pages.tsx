/** The live quorum dashboard, its event stream, and the owners not voted per building. */
import type { Logger } from '@yishi/app';
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ApiError } from '../api.ts';
import {
  type BallotsStaffClient,
  outreachOutcomeSchema,
  type Progress,
  progressSchema,
} from '../ballots-staff-client.ts';
import { communityLinks, isCommittee } from '../committee/common.tsx';
import type { Lang } from '../i18n.ts';
import type { NavLink } from '../staff/frame.tsx';
import { requireStaffSession, type StaffSessionEnv, staffLang } from '../staff/session.ts';
import { dashboardPage } from './frame.tsx';
import { type DashboardPaths, LiveFigures, renderLive } from './live.tsx';
import { NonVoterList } from './non-voters.tsx';
import { narrowed, scopeOf } from './scope.ts';
import { readEventStream } from './sse.ts';
import { dashboardTexts } from './texts.ts';

const uuid = z.uuid();
const prefix = '/staff/c/:communityId/ballots/:ballotId/dashboard';
/** One page of owners not voted: a building's staircase or two, short enough for a phone. */
const pageSize = 50;

/** A ballot of a community, as the dashboard's paths name it. */
export interface BallotRef {
  communityId: string;
  ballotId: string;
}

export interface DashboardDeps {
  ballots: BallotsStaffClient;
  logger?: Logger;
  /**
   * How long one relayed stream lasts before the browser reconnects through the session check,
   * so a signed-out or disabled account stops getting figures within this time.
   */
  maxStreamMs?: number;
}

/** The dashboard of a ballot: `/staff/c/{communityId}/ballots/{ballotId}/dashboard`. */
export const dashboardPath = (ref: BallotRef) =>
  `/staff/c/${ref.communityId}/ballots/${ref.ballotId}/dashboard`;

/**
 * The community's navigation, and for the committee the ballot's own page (its actions); the
 * Party secretary and grid workers have no such page.
 */
function navOf(c: Ctx, lang: Lang, ref: BallotRef): NavLink[] {
  const committee = isCommittee(c, ref.communityId);
  return [
    ...communityLinks(lang, ref.communityId, committee),
    ...(committee
      ? [
          {
            href: `/staff/c/${ref.communityId}/ballots/${ref.ballotId}`,
            label: dashboardTexts[lang].ballotPage,
          },
        ]
      : []),
  ];
}

const pathsOf = (ref: BallotRef): DashboardPaths => ({
  building: (id) => `${dashboardPath(ref)}/buildings/${id}`,
  matter: (i) => `${dashboardPath(ref)}?m=${i}`,
});

type Ctx = Context<StaffSessionEnv>;
const notFound = { status: 404 };

function refOf(c: Ctx): BallotRef | null {
  const { communityId, ballotId } = c.req.param() as Record<string, string>;
  return uuid.safeParse(communityId).success && uuid.safeParse(ballotId).success
    ? { communityId: communityId!, ballotId: ballotId! }
    : null;
}

const matterOf = (c: Ctx) => {
  const m = Number.parseInt(c.req.query('m') ?? '0', 10);
  return Number.isInteger(m) && m >= 0 && m < 100 ? m : 0;
};

const statusOf = (error: Pick<ApiError, 'status'>): ContentfulStatusCode =>
  error.status === 403 || error.status === 404 || error.status === 409 || error.status === 400
    ? error.status
    : 503;

/** A refusal as a page: the status of the ballots service's answer (or 404, 400) in words. */
function refusal(c: Ctx, lang: Lang, error: Pick<ApiError, 'status'>, during?: 'outreach') {
  const t = dashboardTexts[lang];
  const status = statusOf(error);
  const message =
    status === 403
      ? t.forbidden
      : status === 404
        ? t.notFound
        : status === 409
          ? during === 'outreach'
            ? t.closedOutreach
            : t.notOpened
          : status === 400
            ? t.invalid
            : t.unavailable;
  return dashboardPage(
    c,
    { lang, title: t.errorTitle, status },
    <>
      <h1>{t.errorTitle}</h1>
      <p class="error" role="alert">
        {message}
      </p>
    </>,
  );
}

const outreachForm = z.object({
  holderKey: z.string().min(1).max(2_000),
  outcome: outreachOutcomeSchema,
  note: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((n) => (n ? n : undefined)),
  unitId: uuid,
  cursor: z.string().max(1_000).optional(),
});

export function dashboardPages(deps: DashboardDeps) {
  const { ballots } = deps;
  const maxStreamMs = deps.maxStreamMs ?? 10 * 60_000;
  const app = new Hono<StaffSessionEnv>();
  const tokenOf = (c: Ctx) => c.get('staff').accessToken;

  app.use(`${prefix}/*`, requireStaffSession());
  app.use(prefix, requireStaffSession());

  app.get(prefix, async (c) => {
    const lang = staffLang(c);
    const ref = refOf(c);
    if (!ref) return refusal(c, lang, notFound);
    const t = dashboardTexts[lang];
    const token = tokenOf(c);
    const [ballot, progress] = await Promise.all([
      ballots.get(token, ref.communityId, ref.ballotId),
      ballots.progress(token, ref.communityId, ref.ballotId, lang),
    ]);
    if (!ballot.ok) return refusal(c, lang, ballot.error);
    if (!progress.ok) return refusal(c, lang, progress.error);
    const matter = matterOf(c);
    const scope = scopeOf(c.get('staff').claims, ref.communityId);
    const url = new URL(c.req.url);
    return dashboardPage(
      c,
      { lang, title: t.title(ballot.value.title), links: navOf(c, lang, ref), live: true },
      <>
        <h1>{ballot.value.title}</h1>
        <p id="conn" class="conn" data-on={t.live} data-off={t.reconnecting}>
          {t.noScript} <a href={`${url.pathname}${url.search}`}>{t.refresh}</a>
        </p>
        <div id="live" data-stream={`${dashboardPath(ref)}/stream?m=${matter}`}>
          <LiveFigures
            progress={narrowed(progress.value, scope)}
            lang={lang}
            matter={matter}
            paths={pathsOf(ref)}
          />
        </div>
      </>,
    );
  });

  // The browser's EventSource talks to the web only; the access token stays on this side.
  app.get(`${prefix}/stream`, async (c) => {
    const lang = staffLang(c);
    const ref = refOf(c);
    if (!ref) return c.json({ error: { code: 'not_found', message: 'not found' } }, 404);
    const controller = new AbortController();
    const upstream = await ballots.progressStream(
      tokenOf(c),
      ref.communityId,
      ref.ballotId,
      lang,
      controller.signal,
    );
    if (!upstream.ok || !upstream.value.body) {
      const status = upstream.ok ? 503 : statusOf(upstream.error);
      return c.json({ error: { code: upstream.ok ? 'unavailable' : upstream.error.code } }, status);
    }
    const body = upstream.value.body;
    const matter = matterOf(c);
    const paths = pathsOf(ref);
    const scope = scopeOf(c.get('staff').claims, ref.communityId);
    c.header('cache-control', 'no-store');
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      const deadline = setTimeout(() => controller.abort(), maxStreamMs);
      stream.onAbort(() => controller.abort());
      let last: { progress: Progress; at: number } | undefined;
      const send = (progress: Progress) =>
        stream.writeSSE({
          event: 'progress',
          data: renderLive({ progress: narrowed(progress, scope), lang, matter, paths }),
        });
      try {
        for await (const message of readEventStream(body)) {
          if (message.kind === 'event' && message.event === 'progress') {
            const parsed = progressSchema.safeParse(safeJson(message.data));
            if (!parsed.success) continue;
            last = { progress: parsed.data, at: performance.now() };
            await send(parsed.data);
          } else if (message.kind === 'comment' && last) {
            // A heartbeat: the same figures, with the time left counted down.
            const elapsed = Math.floor((performance.now() - last.at) / 1000);
            const secondsLeft = Math.max(0, last.progress.secondsLeft - elapsed);
            await send({ ...last.progress, secondsLeft });
          } else if (message.kind === 'comment') {
            await stream.write(': heartbeat\n\n');
          }
        }
      } catch (err) {
        if (!controller.signal.aborted) deps.logger?.warn({ err }, 'progress relay ended');
      } finally {
        clearTimeout(deadline);
        controller.abort();
      }
    });
  });

  const buildingPage = async (
    c: Ctx,
    lang: Lang,
    ref: BallotRef,
    buildingId: string,
    options: {
      cursor?: string | undefined;
      done?: { unitId: string; outcome: string } | undefined;
      error?: { unitId: string; message: string; note: string } | undefined;
      status?: ContentfulStatusCode;
    } = {},
  ) => {
    const t = dashboardTexts[lang];
    const scope = scopeOf(c.get('staff').claims, ref.communityId);
    if (scope !== null && !scope.has(buildingId)) return refusal(c, lang, notFound);
    const token = tokenOf(c);
    const [progress, page] = await Promise.all([
      ballots.progress(token, ref.communityId, ref.ballotId, lang),
      ballots.nonVoters(
        token,
        ref.communityId,
        ref.ballotId,
        { buildingId, cursor: options.cursor, limit: pageSize },
        lang,
      ),
    ]);
    if (!progress.ok) return refusal(c, lang, progress.error);
    if (!page.ok) return refusal(c, lang, page.error);
    const figures = progress.value.matters[0]?.buildings.find((b) => b.buildingId === buildingId);
    if (!figures) return refusal(c, lang, notFound);
    return dashboardPage(
      c,
      {
        lang,
        title: t.nonVotersTitle(figures.building),
        links: [{ href: dashboardPath(ref), label: t.back }, ...navOf(c, lang, ref)],
        ...(options.status ? { status: options.status } : {}),
      },
      <NonVoterList
        c={c}
        lang={lang}
        figures={figures}
        page={page.value}
        action={`${dashboardPath(ref)}/buildings/${buildingId}/outreach`}
        back={dashboardPath(ref)}
        cursor={options.cursor}
        done={options.done}
        error={options.error}
      />,
    );
  };

  app.get(`${prefix}/buildings/:buildingId`, async (c) => {
    const lang = staffLang(c);
    const ref = refOf(c);
    const buildingId = c.req.param('buildingId');
    if (!ref || !uuid.safeParse(buildingId).success) return refusal(c, lang, notFound);
    const cursor = c.req.query('cursor');
    const done = c.req.query('done');
    const outcome = outreachOutcomeSchema.safeParse(c.req.query('o'));
    return buildingPage(c, lang, ref, buildingId, {
      cursor: cursor && cursor.length <= 1_000 ? cursor : undefined,
      done:
        done && uuid.safeParse(done).success && outcome.success
          ? { unitId: done, outcome: outcome.data }
          : undefined,
    });
  });

  // One tap on an outcome logs the visit; the page comes back at the same owner (POST-redirect-GET).
  app.post(`${prefix}/buildings/:buildingId/outreach`, async (c) => {
    const lang = staffLang(c);
    const ref = refOf(c);
    const buildingId = c.req.param('buildingId');
    if (!ref || !uuid.safeParse(buildingId).success) return refusal(c, lang, notFound);
    const form = outreachForm.safeParse(await c.req.parseBody().catch(() => null));
    if (!form.success) return refusal(c, lang, { status: 400 });
    const { holderKey, outcome, note, unitId, cursor } = form.data;
    const scope = scopeOf(c.get('staff').claims, ref.communityId);
    if (scope !== null && !scope.has(buildingId)) return refusal(c, lang, notFound);
    const recorded = await ballots.recordOutreach(
      tokenOf(c),
      ref.communityId,
      ref.ballotId,
      { holderKey, outcome, note },
      lang,
    );
    if (!recorded.ok) {
      if (recorded.error.status === 400) {
        // The ballots service refuses personal data in the note: say so next to that owner.
        return buildingPage(c, lang, ref, buildingId, {
          cursor,
          status: 400,
          error: { unitId, message: issueMessage(recorded.error), note: note ?? '' },
        });
      }
      return refusal(c, lang, recorded.error, 'outreach');
    }
    const back = new URLSearchParams({ done: unitId, o: outcome });
    if (cursor) back.set('cursor', cursor);
    return c.redirect(`${dashboardPath(ref)}/buildings/${buildingId}?${back}#u-${unitId}`, 303);
  });

  return app;
}

const issues = z.object({ issues: z.array(z.object({ message: z.string() })).min(1) });

/** The sentence of a refused field (the note), else the service's general message. */
function issueMessage(error: ApiError): string {
  const parsed = issues.safeParse(error.details);
  return parsed.success ? parsed.data.issues[0]!.message : (error.message ?? '');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
