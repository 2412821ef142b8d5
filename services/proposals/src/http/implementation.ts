import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { contentDisposition } from '@yishi/app/attachments';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { addAttachment } from '../proposals/attachments.ts';
import {
  ledgerCsv,
  ledgerOf,
  publishUpdate,
  recordLedgerEntry,
  updatesOf,
} from '../proposals/ledger.ts';
import {
  callers,
  json,
  jsonBody,
  proposalParams,
  security,
  text,
  uploadBody,
  uploadedFile,
  uploadLimit,
} from './common.ts';
import {
  attachmentSchema,
  ledgerEntryInputSchema,
  ledgerEntrySchema,
  ledgerSchema,
  updateSchema,
} from './schemas.ts';

const tags = ['implementation'];

const listUpdatesRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}/updates',
  tags,
  summary: 'Implementation updates with their photos, newest first',
  security,
  request: { params: proposalParams },
  responses: {
    200: { description: 'Updates', ...json(z.object({ items: z.array(updateSchema) })) },
    ...errorResponses(401, 403, 404),
  },
});
const publishUpdateRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/updates',
  tags,
  summary: 'Publish an implementation update (committee; only after 已形成决定)',
  security,
  request: { params: proposalParams, body: jsonBody(z.object({ body: text(5_000) })) },
  responses: {
    201: { description: 'Published', ...json(updateSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const photoRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/updates/{updateId}/photos',
  tags,
  summary: 'Add a photo (JPEG, PNG, WebP; at most 10 MB, 10 per update) to an update (committee)',
  security,
  request: { params: proposalParams.extend({ updateId: z.uuid() }), body: uploadBody },
  responses: {
    201: { description: 'Added', ...json(attachmentSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});
const ledgerRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}/ledger',
  tags,
  summary: 'The fund ledger: every entry with its running balance, and the totals, in fen',
  security,
  request: { params: proposalParams },
  responses: {
    200: { description: 'The ledger', ...json(ledgerSchema) },
    ...errorResponses(401, 403, 404),
  },
});
const ledgerCsvRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}/ledger.csv',
  tags,
  summary: 'The fund ledger as CSV in yuan, for printing and the notice board (公示)',
  security,
  request: { params: proposalParams },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...errorResponses(401, 403, 404),
  },
});
const recordRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/ledger',
  tags,
  summary: 'Record a contribution or expenditure (committee; only after 已形成决定)',
  description: 'Amounts in integer fen. Append-only: correct a mistake with a further entry.',
  security,
  request: { params: proposalParams, body: jsonBody(ledgerEntryInputSchema) },
  responses: {
    201: { description: 'Recorded', ...json(ledgerEntrySchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

/** Implementation updates, their photos and the fund ledger. */
export function implementationRouter(deps: Deps) {
  const { any, staff } = callers(deps);
  const router = createRouter();
  router.use(photoRoute.getRoutingPath(), uploadLimit());
  return router
    .openapi({ ...listUpdatesRoute, middleware: any }, async (c) =>
      c.json(
        { items: await updatesOf(deps, { caller: c.get('caller'), ...c.req.valid('param') }) },
        200,
      ),
    )
    .openapi({ ...publishUpdateRoute, middleware: staff }, async (c) =>
      c.json(
        await publishUpdate(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('json'),
        }),
        201,
      ),
    )
    .openapi({ ...photoRoute, middleware: staff }, async (c) => {
      const created = await addAttachment(deps, {
        caller: c.get('caller'),
        ...c.req.valid('param'),
        file: await uploadedFile(c.req.valid('form').file),
      });
      return c.json(created, 201);
    })
    .openapi({ ...ledgerRoute, middleware: any }, async (c) =>
      c.json(await ledgerOf(deps, { caller: c.get('caller'), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...ledgerCsvRoute, middleware: any }, async (c) => {
      const ledger = await ledgerOf(deps, { caller: c.get('caller'), ...c.req.valid('param') });
      return c.body(new Uint8Array(ledgerCsv(ledger)), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition('attachment', `资金收支-${ledger.title}.csv`),
        'cache-control': 'private, no-store',
      });
    })
    .openapi({ ...recordRoute, middleware: staff }, async (c) =>
      c.json(
        await recordLedgerEntry(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          entry: c.req.valid('json'),
        }),
        201,
      ),
    );
}
