import { createRoute, createRouter, errorResponses } from '@yishi/app';
import {
  assertCommunityAccess,
  hasRoleIn,
  type StaffClaims,
  type StaffEnv,
  type Verifier,
} from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import { forbidden, unauthenticated } from '@yishi/errors';
import type { MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { loadBallot } from '../ballots/load.ts';
import type { Deps } from '../context.ts';
import { outreachOutcomes } from '../db/schema/index.ts';
import { buildingScope, progressRoles } from '../progress/access.ts';
import { nonVotersCsv } from '../progress/csv.ts';
import { ProgressHub, type ProgressState } from '../progress/hub.ts';
import { assertOpened } from '../progress/load.ts';
import { listNonVoters } from '../progress/non-voters.ts';
import { outreachHistory, recordOutreach } from '../progress/outreach.ts';
import { progressView } from '../progress/view.ts';
import { ballotParams, json, jsonBody, security } from './schemas.ts';

const heartbeatMs = 15_000;
const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Staff authentication for the progress routes: the Bearer header, or, because a browser's
 * EventSource cannot set headers, an `access_token` query parameter. A token in a URL can end up
 * in proxy logs and browser history; the access token is short-lived, the service's own request
 * logs carry the route pattern and never the query, and clients that can set headers (fetch
 * streaming) should.
 */
function staffAuth(verifier: Verifier): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const token =
      bearer.exec(c.req.header('authorization') ?? '')?.[1] ?? c.req.query('access_token');
    if (!token) throw unauthenticated(undefined, { details: { reason: 'token_missing' } });
    const claims = await verifier.verify(token);
    const communityId = c.req.param('communityId') ?? '';
    assertCommunityAccess(claims, communityId);
    if (!hasRoleIn(claims, communityId, ...progressRoles)) {
      throw forbidden(undefined, { details: { requiredRoles: progressRoles } });
    }
    c.set('staff', claims);
    await next();
  };
}

const figures = z.object({ area: z.string(), headcount: z.number().int() });
const ratio = z.object({
  numerator: z.string(),
  denominator: z.string(),
  percent: z.string().nullable(),
});
const progressFigures = z.object({
  total: figures,
  participating: figures,
  /** Null on a secret ballot while voting runs. */
  agree: figures.nullable(),
  quorum: z.object({
    met: z.boolean(),
    areaMet: z.boolean(),
    headcountMet: z.boolean(),
    area: ratio,
    headcount: ratio,
    shortfall: figures,
  }),
  approval: z
    .object({
      met: z.boolean(),
      areaMet: z.boolean(),
      headcountMet: z.boolean(),
      area: ratio,
      headcount: ratio,
    })
    .nullable(),
});
const progressSchema = z.object({
  ballotId: z.uuid(),
  status: z.string(),
  closesAt: z.string(),
  secondsLeft: z.number().int(),
  computedAt: z.string(),
  matters: z.array(
    progressFigures.extend({
      matterId: z.uuid(),
      item: z.number().int(),
      title: z.string(),
      threshold: z.enum(['majority', 'three_quarters']),
      buildings: z.array(progressFigures.extend({ buildingId: z.uuid(), building: z.string() })),
    }),
  ),
});

const progressRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/progress',
  tags: ['progress'],
  summary: 'Live participation and approval per matter and per building',
  description:
    'Computed by tally from the stored votes, refreshed at most once a second when votes change (every 5 s while no live stream follows the ballot). Buildings are sorted by quorum shortfall (owners, then m²); grid workers see only their buildings.',
  security,
  request: { params: ballotParams },
  responses: {
    200: { description: 'Progress', ...json(progressSchema) },
    ...errorResponses(401, 403, 404, 409),
  },
});

const streamRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/progress/stream',
  tags: ['progress'],
  summary: 'Server-sent events: the progress now, then each update; a comment every 15 s',
  description:
    'Events are `progress` with the body of GET …/progress. EventSource cannot send headers, so the access token may be given as `access_token` in the query.',
  security,
  request: {
    params: ballotParams,
    query: z.object({ access_token: z.string().optional() }),
  },
  responses: {
    200: {
      description: 'An event stream',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

const nonVoterSchema = z.object({
  holderKey: z.string(),
  unitId: z.uuid(),
  buildingId: z.uuid(),
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  floor: z.number().int().nullable(),
  area: z.string(),
  phoneMasked: z.string().nullable(),
  outreach: z.object({ outcome: z.enum(outreachOutcomes), at: z.string() }).nullable(),
});

const nonVotersRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/non-voters',
  tags: ['progress'],
  summary: 'Owners who have not voted, one row per unit, in walking order',
  description:
    'Sorted by building, entrance, floor and room, with the latest logged visit. `format=csv` answers the whole list (UTF-8 with BOM) for printing and ignores the cursor.',
  security,
  request: {
    params: ballotParams,
    query: pageQuerySchema.extend({
      buildingId: z.uuid().optional(),
      format: z.enum(['json', 'csv']).default('json'),
    }),
  },
  responses: {
    200: {
      description: 'A page, or the CSV',
      content: {
        'application/json': { schema: pageOf(nonVoterSchema) },
        'text/csv': { schema: z.string() },
      },
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const outreachRecordSchema = z.object({
  id: z.uuid(),
  holderKey: z.string(),
  outcome: z.enum(outreachOutcomes),
  note: z.string().nullable(),
  staffId: z.string(),
  at: z.string(),
});

const outreachBodySchema = z.object({
  holderKey: z.string().min(1).max(2_000),
  outcome: z.enum(outreachOutcomes),
  note: z
    .string()
    .trim()
    .min(1)
    .max(200)
    // The log outlives the ballot: phone and ID numbers belong in the directory, not here.
    .refine((note) => !/\d{7,}/.test(note.replace(/[\s-]/g, '')), {
      message:
        '备注中请勿填写手机号、身份证号等个人信息 / Do not write phone or ID numbers in the note',
    })
    .optional(),
});

const recordOutreachRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/outreach',
  tags: ['progress'],
  summary: 'Log a door-to-door visit to an owner',
  description:
    'Recorded with the caller’s staff id and the time. Keep the note short and free of personal data.',
  security,
  request: { params: ballotParams, body: jsonBody(outreachBodySchema) },
  responses: {
    201: { description: 'The visit', ...json(outreachRecordSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const outreachHistoryRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/outreach',
  tags: ['progress'],
  summary: "An owner's logged visits, newest first",
  security,
  request: { params: ballotParams, query: z.object({ holderKey: z.string().min(1).max(2_000) }) },
  responses: {
    200: { description: 'Visits', ...json(z.object({ items: z.array(outreachRecordSchema) })) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Progress, non-voters and the outreach log, for the committee, Party secretaries and grid workers. */
export function progressRouter(deps: Deps) {
  // Without a hub wired to the vote path, one that recomputes stale figures every second at most.
  const hub = deps.progress ?? new ProgressHub(deps, { staleAfterMs: 1_000 });
  const auth: [MiddlewareHandler<StaffEnv>] = [staffAuth(deps.verifier)];
  const openedBallot = async (
    staff: StaffClaims,
    params: { communityId: string; ballotId: string },
  ) => {
    assertCommunityAccess(staff, params.communityId);
    const ballot = await loadBallot(deps.db, params);
    assertOpened(ballot);
    return ballot;
  };
  const staffOf = (c: { get(key: 'staff'): StaffClaims }) => c.get('staff');

  return createRouter()
    .openapi({ ...progressRoute, middleware: auth }, async (c) => {
      const staff = staffOf(c);
      const ballot = await openedBallot(staff, c.req.valid('param'));
      const state = await hub.current(ballot.id);
      return c.json(
        progressView(state, {
          now: deps.now(),
          scope: buildingScope(staff, c.req.valid('param').communityId),
          ballot,
        }),
        200,
      );
    })
    .openapi({ ...streamRoute, middleware: auth }, async (c) => {
      const staff = staffOf(c);
      const ballot = await openedBallot(staff, c.req.valid('param'));
      const scope = buildingScope(staff, c.req.valid('param').communityId);
      const initial = await hub.current(ballot.id);
      return streamSSE(c, async (stream) => {
        let latest: ProgressState | undefined;
        let ended = false;
        let wake: (() => void) | undefined;
        const signal = () => wake?.();
        const unsubscribe = hub.subscribe(ballot.id, {
          update: (state) => {
            latest = state;
            signal();
          },
          end: () => {
            ended = true;
            signal();
          },
        });
        stream.onAbort(() => {
          ended = true;
          signal();
        });
        const send = (state: ProgressState, fresh?: typeof ballot) =>
          stream.writeSSE({
            event: 'progress',
            id: String(state.computedAt.getTime()),
            data: JSON.stringify(
              progressView(state, { now: deps.now(), scope, ...(fresh ? { ballot: fresh } : {}) }),
            ),
          });
        try {
          await send(initial, ballot);
          while (!ended && !stream.aborted) {
            if (latest) {
              const state = latest;
              latest = undefined;
              await send(state);
              continue;
            }
            const timedOut = await new Promise<boolean>((resolve) => {
              const timer = setTimeout(() => resolve(true), heartbeatMs);
              wake = () => {
                clearTimeout(timer);
                resolve(false);
              };
            });
            wake = undefined;
            // A comment line: keeps proxies from closing an idle connection, ignored by EventSource.
            if (timedOut && !latest && !ended) await stream.write(': heartbeat\n\n');
          }
        } finally {
          unsubscribe();
        }
      });
    })
    .openapi({ ...nonVotersRoute, middleware: auth }, async (c) => {
      const staff = staffOf(c);
      const ballot = await openedBallot(staff, c.req.valid('param'));
      const { format, buildingId, cursor, limit } = c.req.valid('query');
      const scope = buildingScope(staff, c.req.valid('param').communityId);
      if (format === 'csv') {
        const all = await listNonVoters(deps.db, { ballotId: ballot.id, scope, buildingId });
        return c.body(nonVotersCsv(all.items), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="non-voters-${ballot.id}.csv"`,
          'cache-control': 'no-store',
        });
      }
      const page = await listNonVoters(deps.db, {
        ballotId: ballot.id,
        scope,
        buildingId,
        cursor,
        limit,
      });
      return c.json(page, 200);
    })
    .openapi({ ...recordOutreachRoute, middleware: auth }, async (c) => {
      const staff = staffOf(c);
      const ballot = await openedBallot(staff, c.req.valid('param'));
      const record = await recordOutreach(deps, {
        staff,
        ballot,
        scope: buildingScope(staff, c.req.valid('param').communityId),
        input: c.req.valid('json'),
      });
      return c.json(record, 201);
    })
    .openapi({ ...outreachHistoryRoute, middleware: auth }, async (c) => {
      const staff = staffOf(c);
      const ballot = await openedBallot(staff, c.req.valid('param'));
      const items = await outreachHistory(deps.db, {
        ballotId: ballot.id,
        holderKey: c.req.valid('query').holderKey,
        scope: buildingScope(staff, c.req.valid('param').communityId),
      });
      return c.json({ items }, 200);
    });
}
