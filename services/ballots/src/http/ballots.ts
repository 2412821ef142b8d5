import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { assertCommunityAccess, requireStaff, type StaffClaims, type StaffRole } from '@yishi/auth';
import { pageOf, pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import { auditTrail } from '../audit/audit-log.ts';
import { verifyBallot } from '../audit/verify-ballot.ts';
import { exportCredentialLinks, reissueCredential } from '../ballots/credentials-admin.ts';
import { draftBallot, updateBallot } from '../ballots/draft-ballot.ts';
import { runStaffLifecycle } from '../ballots/lifecycle.ts';
import { getBallot, listBallots } from '../ballots/list-ballots.ts';
import { loadBallot } from '../ballots/load.ts';
import { ballotResults } from '../ballots/public-view.ts';
import {
  ballotViewSchema,
  draftBallotBodySchema,
  updateBallotBodySchema,
} from '../ballots/schemas.ts';
import type { Deps } from '../context.ts';
import { listConflicts } from '../voting/conflicts.ts';
import { enterPaperVote, resolveConflict } from '../voting/paper-votes.ts';
import { refusal } from '../voting/refusals.ts';
import {
  ballotParams,
  cancelBodySchema,
  communityParams,
  extendBodySchema,
  json,
  jsonBody,
  looseObject,
  paperVoteBodySchema,
  publishBodySchema,
  reissueBodySchema,
  resolveBodySchema,
  security,
} from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const lifecycleViewSchema = ballotViewSchema.extend({ publicationWarnings: z.array(looseObject) });

const draftRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots',
  tags: ['ballots'],
  summary: 'Draft a ballot',
  description:
    'Committee admins and members. A window starting before the 15-day notice period after noticeGivenAt is answered with a warning, not refused: a written consultation need not be an assembly.',
  security,
  request: { params: communityParams, body: jsonBody(draftBallotBodySchema) },
  responses: {
    201: { description: 'The draft', ...json(ballotViewSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots',
  tags: ['ballots'],
  summary: "A community's ballots, newest first",
  security,
  request: { params: communityParams, query: pageQuerySchema },
  responses: {
    200: { description: 'A page', ...json(pageOf(ballotViewSchema)) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}',
  tags: ['ballots'],
  summary: 'One ballot',
  security,
  request: { params: ballotParams },
  responses: {
    200: { description: 'The ballot', ...json(ballotViewSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/communities/{communityId}/ballots/{ballotId}',
  tags: ['ballots'],
  summary: 'Change a draft',
  security,
  request: { params: ballotParams, body: jsonBody(updateBallotBodySchema) },
  responses: {
    200: { description: 'The draft', ...json(ballotViewSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const lifecycle = <B extends z.ZodType>(verb: string, summary: string, body: B) =>
  createRoute({
    method: 'post',
    path: `/communities/{communityId}/ballots/{ballotId}/${verb}`,
    tags: ['ballots'],
    summary,
    description:
      'Decided by the domain’s ballot lifecycle; a refused transition is a 409 whose details.reason is the domain’s code.',
    security,
    request: { params: ballotParams, body: jsonBody(body) },
    responses: {
      200: { description: 'The ballot after the command', ...json(lifecycleViewSchema) },
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });

const openRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/open',
  tags: ['ballots'],
  summary: 'Open: snapshot the electorate, issue credentials',
  security,
  request: { params: ballotParams },
  responses: {
    200: { description: 'The open ballot', ...json(lifecycleViewSchema) },
    ...errorResponses(401, 403, 404, 409),
  },
});
const closeRoute = createRoute({
  ...openRoute,
  path: '/communities/{communityId}/ballots/{ballotId}/close',
  summary: 'Close (only once the window has ended; the scheduler does it on time)',
});
const extendRoute = lifecycle('extend', 'Extend voting (延期) with a reason', extendBodySchema);
const publishRoute = lifecycle(
  'publish',
  'Publish the result (公示) from / until',
  publishBodySchema,
);
const cancelRoute = lifecycle('cancel', 'Cancel with a reason', cancelBodySchema);

const reissueRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/credentials/{holderKey}/reissue',
  tags: ['credentials'],
  summary: "Revoke an owner's link and issue a new one",
  security,
  request: {
    params: ballotParams.extend({ holderKey: z.string().min(1).max(2_000) }),
    body: jsonBody(reissueBodySchema),
  },
  responses: {
    201: {
      description: 'The new link',
      ...json(
        z.object({
          credentialId: z.uuid(),
          holderKey: z.string(),
          link: z.string(),
          revoked: z.array(z.string()),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/credentials/links.xlsx',
  tags: ['credentials'],
  summary: 'Export the voting links as a spreadsheet (recorded in the audit log)',
  security,
  request: { params: ballotParams },
  responses: {
    200: {
      description: 'XLSX',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() },
      },
    },
    ...errorResponses(401, 403, 404, 409),
  },
});

const paperRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/paper-votes',
  tags: ['votes'],
  summary: 'Enter a paper or proxy ballot',
  description:
    'If the owner already voted by any channel nothing is applied: a conflict is recorded and answered as 409 with details.conflictId. A sheet collected before the close (collectedAt ≤ closesAt) may be entered after it until publication: the result is certified again. Refusals: ballot_not_open, result_published, collected_outside_window, not_in_scope.',
  security,
  request: { params: ballotParams, body: jsonBody(paperVoteBodySchema) },
  responses: {
    201: {
      description: 'Recorded; after the close, with the new certification of the result',
      ...json(
        z.object({
          holderKey: z.string(),
          receipt: z.string(),
          certification: z.number().int().nullable(),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const resolveRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/conflicts/{conflictId}/resolve',
  tags: ['votes'],
  summary: 'Resolve a paper-ballot conflict',
  security,
  request: {
    params: ballotParams.extend({ conflictId: z.uuid() }),
    body: jsonBody(resolveBodySchema),
  },
  responses: {
    200: {
      description: 'Resolved',
      ...json(
        z.object({
          conflictId: z.uuid(),
          keep: z.enum(['existing', 'paper']),
          receipt: z.string().nullable(),
          certification: z.number().int().nullable(),
        }),
      ),
    },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const conflictSchema = z.object({
  conflictId: z.uuid(),
  status: z.enum(['open', 'resolved']),
  units: z.array(z.string()),
  sheet: z.object({
    channel: z.enum(['paper', 'proxy']),
    reference: z.string(),
    proxyName: z.string().nullable(),
    enteredBy: z.string(),
    enteredAt: z.string(),
    collectedAt: z.string().nullable(),
  }),
  existing: z.object({ channel: z.string(), castAt: z.string() }).nullable(),
  createdAt: z.string(),
  resolution: z
    .object({
      keep: z.enum(['existing', 'paper']),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
    })
    .nullable(),
});

const conflictsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/conflicts',
  tags: ['votes'],
  summary: "A ballot's paper-ballot conflicts, oldest first (open ones by default)",
  description:
    'Sheets entered for owners who had already voted, not counted until a committee member resolves them (POST …/conflicts/{conflictId}/resolve). Publication waits for every open one.',
  security,
  request: {
    params: ballotParams,
    query: pageQuerySchema.extend({
      status: z.enum(['open', 'resolved', 'all']).default('open'),
    }),
  },
  responses: {
    200: { description: 'A page', ...json(pageOf(conflictSchema)) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const resultsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/results',
  tags: ['results'],
  summary: 'The certified result of each matter, with the policy, snapshot hash and vote digest',
  security,
  request: { params: ballotParams },
  responses: {
    200: { description: 'The result', ...json(looseObject) },
    ...errorResponses(401, 403, 404, 409),
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/audit',
  tags: ['audit'],
  summary: "The ballot's hash-chained audit log (committee only)",
  security,
  request: { params: ballotParams },
  responses: {
    200: {
      description: 'Entries, oldest first',
      ...json(z.object({ items: z.array(looseObject) })),
    },
    ...errorResponses(401, 403, 404),
  },
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/audit/verify',
  tags: ['audit'],
  summary:
    'Recompute the chain, the snapshot hash and the vote digest; names the first broken link',
  security,
  request: { params: ballotParams },
  responses: {
    200: { description: 'The verification', ...json(looseObject) },
    ...errorResponses(401, 403, 404),
  },
});

/** Staff routes of ballots: drafting, lifecycle, credentials, paper ballots, results, audit. */
export function ballotsRouter(deps: Deps) {
  const anyStaff: [ReturnType<typeof requireStaff>] = [requireStaff({ verifier: deps.verifier })];
  const committeeOnly: [ReturnType<typeof requireStaff>] = [
    requireStaff({ verifier: deps.verifier, roles: committee }),
  ];
  const router = createRouter();
  router.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const staffOf = (c: { get(key: 'staff'): StaffClaims }) => c.get('staff');
  return router
    .openapi({ ...draftRoute, middleware: committeeOnly }, async (c) => {
      const { communityId } = c.req.valid('param');
      return c.json(
        await draftBallot(deps, { staff: staffOf(c), communityId, input: c.req.valid('json') }),
        201,
      );
    })
    .openapi({ ...listRoute, middleware: anyStaff }, async (c) => {
      const { communityId } = c.req.valid('param');
      return c.json(
        await listBallots(deps, { staff: staffOf(c), communityId, ...c.req.valid('query') }),
        200,
      );
    })
    .openapi({ ...getRoute, middleware: anyStaff }, async (c) =>
      c.json(await getBallot(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...patchRoute, middleware: committeeOnly }, async (c) =>
      c.json(
        await updateBallot(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          input: c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...openRoute, middleware: committeeOnly }, async (c) =>
      c.json(
        await runStaffLifecycle(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          command: { type: 'open' },
        }),
        200,
      ),
    )
    .openapi({ ...closeRoute, middleware: committeeOnly }, async (c) =>
      c.json(
        await runStaffLifecycle(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          command: { type: 'close' },
        }),
        200,
      ),
    )
    .openapi({ ...extendRoute, middleware: committeeOnly }, async (c) => {
      const command = { type: 'extend' as const, ...c.req.valid('json') };
      return c.json(
        await runStaffLifecycle(deps, { staff: staffOf(c), ...c.req.valid('param'), command }),
        200,
      );
    })
    .openapi({ ...publishRoute, middleware: committeeOnly }, async (c) => {
      const command = { type: 'publish' as const, ...c.req.valid('json') };
      return c.json(
        await runStaffLifecycle(deps, { staff: staffOf(c), ...c.req.valid('param'), command }),
        200,
      );
    })
    .openapi({ ...cancelRoute, middleware: committeeOnly }, async (c) => {
      const command = { type: 'cancel' as const, ...c.req.valid('json') };
      return c.json(
        await runStaffLifecycle(deps, { staff: staffOf(c), ...c.req.valid('param'), command }),
        200,
      );
    })
    .openapi({ ...reissueRoute, middleware: committeeOnly }, async (c) => {
      const params = c.req.valid('param');
      return c.json(
        await reissueCredential(deps, {
          staff: staffOf(c),
          ...params,
          reason: c.req.valid('json').reason,
        }),
        201,
      );
    })
    .openapi({ ...exportRoute, middleware: committeeOnly }, async (c) => {
      const file = await exportCredentialLinks(deps, {
        staff: staffOf(c),
        ...c.req.valid('param'),
      });
      return c.body(new Uint8Array(file), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="ballot-${c.req.valid('param').ballotId}-links.xlsx"`,
        'cache-control': 'no-store',
      });
    })
    .openapi({ ...paperRoute, middleware: committeeOnly }, async (c) => {
      const outcome = await enterPaperVote(deps, {
        staff: staffOf(c),
        ...c.req.valid('param'),
        input: c.req.valid('json'),
      });
      if (outcome.outcome === 'conflict') {
        throw refusal('conflict_exists', {
          conflictId: outcome.conflictId,
          holderKey: outcome.holderKey,
        });
      }
      const { holderKey, receipt, certification } = outcome;
      return c.json({ holderKey, receipt, certification }, 201);
    })
    .openapi({ ...resolveRoute, middleware: committeeOnly }, async (c) =>
      c.json(
        await resolveConflict(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        200,
      ),
    )
    .openapi({ ...conflictsRoute, middleware: committeeOnly }, async (c) =>
      c.json(
        await listConflicts(deps, {
          staff: staffOf(c),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...resultsRoute, middleware: anyStaff }, async (c) =>
      c.json(await ballotResults(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...auditRoute, middleware: committeeOnly }, async (c) => {
      const staff = staffOf(c);
      const { communityId, ballotId } = c.req.valid('param');
      assertCommunityAccess(staff, communityId);
      await loadBallot(deps.db, { communityId, ballotId });
      const items = (await auditTrail(deps.db, ballotId)).map((e) => ({
        ...e,
        at: e.at.toISOString(),
      }));
      return c.json({ items }, 200);
    })
    .openapi({ ...verifyRoute, middleware: anyStaff }, async (c) =>
      c.json(await verifyBallot(deps, { staff: staffOf(c), ...c.req.valid('param') }), 200),
    );
}
