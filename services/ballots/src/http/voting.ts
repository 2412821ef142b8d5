import { createRoute, createRouter, errorResponses, hotRoute, valid, validJson } from '@yishi/app';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { castVote } from '../voting/cast-vote.ts';
import type { MattersCache } from '../voting/matters-cache.ts';
import { ownerBallotView } from '../voting/owner-view.ts';
import { VoteBatcher } from '../voting/vote-batcher.ts';
import { castVoteBodySchema, json, jsonBody, looseObject, receiptSchema } from './schemas.ts';

const tokenParams = z.object({ token: z.string().min(10).max(200) });

const viewRoute = createRoute({
  method: 'get',
  path: '/v/{token}',
  tags: ['voting'],
  summary: "An owner's ballot through their link",
  description:
    'The matters with their item of Art. 278 and threshold, the owner’s own units and areas, the status and, once voted, their own choices. Nothing about other owners. The link is the credential.',
  request: { params: tokenParams },
  responses: {
    200: { description: 'The ballot', ...json(looseObject) },
    ...errorResponses(403, 404),
  },
});

const voteRoute = createRoute({
  method: 'post',
  path: '/v/{token}/votes',
  tags: ['voting'],
  summary: 'Vote through the link; answers a receipt code',
  description:
    'Refusals carry details.reason: ballot_not_open (409), already_voted (409), credential_revoked (403), second_factor_required (400), second_factor_wrong (403), second_factor_throttled (429), link_invalid (404).',
  request: { params: tokenParams, body: jsonBody(castVoteBodySchema) },
  responses: {
    201: { description: 'Recorded; keep the receipt code', ...json(receiptSchema) },
    ...errorResponses(400, 403, 404, 409, 429),
  },
});

/**
 * The owner's side: no staff token, the link's credential is the authority. Votes are written
 * with group commit ({@link VoteBatcher}) unless `voteBatch` is `false` (one transaction each).
 * The vote is a {@link hotRoute}: documented as usual, validated in its handler.
 */
export function votingRouter(deps: Deps & { matters: MattersCache }) {
  const batcher = deps.voteBatch === false ? null : new VoteBatcher(deps, deps.voteBatch);
  const router = createRouter().openapi(viewRoute, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await ownerBallotView(deps, c.req.valid('param').token), 200);
  });
  hotRoute(router, voteRoute, async (c) => {
    const { token } = valid(tokenParams, { token: c.req.param('token') }, 'param');
    const input = { token, ...(await validJson(c, castVoteBodySchema)) };
    const result = batcher ? await batcher.cast(input) : await castVote(deps, input);
    c.header('cache-control', 'no-store');
    return c.json({ ...result, castAt: result.castAt.toISOString() }, 201);
  });
  return router;
}
