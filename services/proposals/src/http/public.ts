import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { contentDisposition } from '@yishi/app/attachments';
import { pageQuerySchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { ledgerCsv } from '../proposals/ledger.ts';
import { publicLedger, publicPhoto, publicProposal, publicWishWall } from '../proposals/public.ts';
import { communityParams, fileContent, json } from './common.ts';
import { publicProposalSchema, publicWallSchema } from './schemas.ts';

const tags = ['public'];
const publicParams = z.object({ proposalId: z.uuid() });

const proposalRoute = createRoute({
  method: 'get',
  path: '/public/proposals/{proposalId}',
  tags,
  summary: 'A proposal as anyone may read it (the page notifications link to)',
  description:
    'No token. Proposals that were opened (open or later; a withdrawn one shows as withdrawn); a draft is 404. Co-signing progress, the decision (a ballot’s only once its result is published), implementation updates, and for 已形成决定 the fund ledger. No owner keys, staff ids, comments (only their count) or file names.',
  request: { params: publicParams },
  responses: {
    200: { description: 'The proposal', ...json(publicProposalSchema) },
    ...errorResponses(400, 404),
  },
});

const photoRoute = createRoute({
  method: 'get',
  path: '/public/proposals/{proposalId}/photos/{photoId}',
  tags,
  summary: 'A photo of an implementation update of a public proposal',
  description: 'Only photos of updates (never the attachments of the proposal itself).',
  request: { params: publicParams.extend({ photoId: z.uuid() }) },
  responses: {
    200: { description: 'The photo', content: fileContent },
    ...errorResponses(400, 404),
  },
});

const ledgerCsvRoute = createRoute({
  method: 'get',
  path: '/public/proposals/{proposalId}/ledger.csv',
  tags,
  summary: 'The fund ledger of a decided public proposal as CSV in yuan (定期公示)',
  request: { params: publicParams },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(400, 404),
  },
});

const wallRoute = createRoute({
  method: 'get',
  path: '/public/communities/{communityId}/wishes',
  tags,
  summary: 'The wall of micro-wishes without names: counts by status and a page, newest first',
  description: 'No token. Claimants by kind only (volunteer, Party member, partner unit).',
  request: {
    params: communityParams,
    query: pageQuerySchema.extend({ status: z.enum(['open', 'claimed', 'fulfilled']).optional() }),
  },
  responses: {
    200: { description: 'The wall', ...json(publicWallSchema) },
    ...errorResponses(400, 404),
  },
});

/** What anyone may read without a token. */
export function publicRouter(deps: Deps) {
  return createRouter()
    .openapi(proposalRoute, async (c) =>
      c.json(await publicProposal(deps, c.req.valid('param').proposalId), 200),
    )
    .openapi(photoRoute, async (c) => {
      const photo = await publicPhoto(deps, c.req.valid('param'));
      return c.body(new Uint8Array(photo.content), 200, {
        'content-type': photo.contentType,
        'content-disposition': 'inline',
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        etag: `"${photo.sha256}"`,
      });
    })
    .openapi(ledgerCsvRoute, async (c) => {
      const ledger = await publicLedger(deps, c.req.valid('param').proposalId);
      return c.body(new Uint8Array(ledgerCsv(ledger)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition('attachment', `资金收支-${ledger.title}.csv`),
        'cache-control': 'no-store',
      });
    })
    .openapi(wallRoute, async (c) =>
      c.json(await publicWishWall(deps, { ...c.req.valid('param'), ...c.req.valid('query') }), 200),
    );
}
