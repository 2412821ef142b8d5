import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { z } from 'zod';
import { checkReceipt, publicBallot } from '../ballots/public-view.ts';
import type { Deps } from '../context.ts';
import { json, looseObject } from './schemas.ts';

const publicRoute = createRoute({
  method: 'get',
  path: '/public/ballots/{ballotId}',
  tags: ['public'],
  summary: 'A published result (公示), or that a closed ballot’s result is pending',
  description:
    'Published: every figure of each matter (real and deemed ballots apart), each election’s candidates in order (elected, passed_no_seat, tied, not_passed), the policy, the certification used, snapshot hash, vote digest and audit head; one row per unit with its number, area and (named ballots only) choices. Closed but not yet published: `{ status: "closed", result: "pending", closedAt, publicationDueBy }` and no figures. Never names, phones or ID digits. 404 for any other ballot.',
  request: { params: z.object({ ballotId: z.uuid() }) },
  responses: {
    200: { description: 'The publication', ...json(looseObject) },
    ...errorResponses(404),
  },
});

const receiptRoute = createRoute({
  method: 'get',
  path: '/public/ballots/{ballotId}/receipts/{code}',
  tags: ['public'],
  summary: 'Is the ballot behind this receipt counted?',
  request: { params: z.object({ ballotId: z.uuid(), code: z.string().min(4).max(64) }) },
  responses: {
    200: {
      description: 'counted, recorded (before the close), superseded (changed later) or unknown',
      ...json(
        z.object({
          status: z.enum(['counted', 'recorded', 'superseded', 'unknown']),
          matters: z.number().int(),
        }),
      ),
    },
    ...errorResponses(400, 404),
  },
});

/** Public pages: anyone may read a published result and check a receipt. */
export function publicRouter(deps: Deps) {
  return createRouter()
    .openapi(publicRoute, async (c) =>
      c.json(await publicBallot(deps, c.req.valid('param').ballotId), 200),
    )
    .openapi(receiptRoute, async (c) => {
      const { ballotId, code } = c.req.valid('param');
      return c.json(await checkReceipt(deps, ballotId, code), 200);
    });
}
