import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { pageQuerySchema, proposalStatusSchema } from '@yishi/contracts';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import {
  addAttachment,
  attachmentFile,
  attachmentsOf,
  maxAttachmentBytes,
} from '../proposals/attachments.ts';
import { cosign, hasCosigned } from '../proposals/cosign.ts';
import {
  advanceImplementation,
  listProposals,
  loadProposal,
  openProposal,
  setThreshold,
  submitProposal,
  withdrawProposal,
} from '../proposals/proposals.ts';
import { thresholdOf } from '../proposals/threshold.ts';
import { toView } from '../proposals/views.ts';
import {
  callers,
  communityParams,
  fileContent,
  fileHeaders,
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
  newProposalSchema,
  proposalDetailSchema,
  proposalPageSchema,
  proposalSchema,
} from './schemas.ts';

const tags = ['proposals'];
const proposal = (description: string) => ({ description, ...json(proposalSchema) });

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals',
  tags,
  summary: 'Proposals of the community, newest first',
  description:
    'Owners (owner page token) and staff. Drafts only for their author and the committee.',
  security,
  request: {
    params: communityParams,
    query: pageQuerySchema.extend({ status: proposalStatusSchema.optional() }),
  },
  responses: {
    200: { description: 'A page', ...json(proposalPageSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

const submitRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals',
  tags,
  summary: 'Submit a proposal (owner or staff)',
  description:
    'Opened for co-signing at once unless `draft: true`. Opening fixes its threshold: the community’s share (default 20%) of the owner keys holding a unit now, rounded up.',
  security,
  request: { params: communityParams, body: jsonBody(newProposalSchema) },
  responses: { 201: proposal('Submitted'), ...errorResponses(400, 401, 403, 404) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}',
  tags,
  summary: 'A proposal with its co-signing progress and attachments',
  security,
  request: { params: proposalParams },
  responses: {
    200: { description: 'The proposal', ...json(proposalDetailSchema) },
    ...errorResponses(401, 403, 404),
  },
});

const action = (path: string, summary: string, description: string) =>
  createRoute({
    method: 'post',
    path: `/communities/{communityId}/proposals/{proposalId}/${path}`,
    tags,
    summary,
    description,
    security,
    request: { params: proposalParams },
    responses: { 200: proposal('The proposal now'), ...errorResponses(400, 401, 403, 404, 409) },
  });

const openRoute = action('open', 'Open a draft for co-signing', 'Its author or the committee.');
const withdrawRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/withdraw',
  tags,
  summary: 'Withdraw a proposal before it is on an agenda',
  description: 'Its author or the committee, with a reason shown to owners.',
  security,
  request: { params: proposalParams, body: jsonBody(z.object({ reason: text(500) })) },
  responses: { 200: proposal('The proposal now'), ...errorResponses(400, 401, 403, 404, 409) },
});
const cosignRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/cosign',
  tags,
  summary: 'Co-sign (附议) a proposal — owners only, once per owner key',
  description:
    'While it is open or has reached its threshold. A second co-sign by the same owner key answers 409 `already_exists` and counts nothing. The co-sign that reaches the threshold moves it to `threshold_reached` and publishes `proposals.proposal.threshold_reached` (once).',
  security,
  request: { params: proposalParams },
  responses: { 200: proposal('Co-signed'), ...errorResponses(401, 403, 404, 409) },
});
const startRoute = action(
  'start-implementation',
  'Start implementing a decided proposal (committee)',
  "Only after 已形成决定; for a ballot's decision, once its result is published (`decision_not_published` before).",
);
const completeRoute = action(
  'complete',
  'Mark the implementation done (committee)',
  'Only while being implemented.',
);

const uploadRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/proposals/{proposalId}/attachments',
  tags,
  summary: 'Attach a PDF or image to a proposal',
  description: `Multipart field \`file\`: PDF, JPEG, PNG or WebP, recognised by its first bytes, which must agree with the declared type; at most ${maxAttachmentBytes} bytes and 10 per proposal. The author while it is a draft or open, or the committee.`,
  security,
  request: { params: proposalParams, body: uploadBody },
  responses: {
    201: { description: 'Attached', ...json(attachmentSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const fileRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposals/{proposalId}/attachments/{attachmentId}',
  tags,
  summary: 'An attachment’s file (or an update’s photo)',
  security,
  request: { params: proposalParams.extend({ attachmentId: z.uuid() }) },
  responses: {
    200: { description: 'The file', content: fileContent },
    ...errorResponses(401, 403, 404),
  },
});

const thresholdSchema = z.object({
  base: z.number().int(),
  required: z.number().int(),
  percent: z.number(),
});
const settingsOf = (t: { base: number; required: number; bp: number }) => ({
  base: t.base,
  required: t.required,
  percent: t.bp / 100,
});
const getSettingsRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/proposal-settings',
  tags,
  summary: 'The co-signing threshold of new proposals, and what it means today',
  security,
  request: { params: communityParams },
  responses: {
    200: { description: 'Settings', ...json(thresholdSchema) },
    ...errorResponses(401, 403, 404),
  },
});
const putSettingsRoute = createRoute({
  method: 'put',
  path: '/communities/{communityId}/proposal-settings',
  tags,
  summary: 'Set the co-signing threshold (committee)',
  description:
    'Percent of the owner keys, 1–100, at most two decimals. Applies to proposals opened from now on.',
  security,
  request: {
    params: communityParams,
    body: jsonBody(
      z.object({ cosignThresholdPercent: z.number().min(1).max(100).multipleOf(0.01) }),
    ),
  },
  responses: {
    200: { description: 'Settings', ...json(thresholdSchema) },
    ...errorResponses(400, 401, 403, 404),
  },
});

/** Proposals, co-signing, attachments and lifecycle actions. */
export function proposalsRouter(deps: Deps) {
  const { any, staff } = callers(deps);
  const router = createRouter();
  router.use(uploadRoute.getRoutingPath(), uploadLimit());
  return router
    .openapi({ ...listRoute, middleware: any }, async (c) =>
      c.json(
        await listProposals(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          ...c.req.valid('query'),
        }),
        200,
      ),
    )
    .openapi({ ...submitRoute, middleware: any }, async (c) => {
      const created = await submitProposal(deps, {
        caller: c.get('caller'),
        ...c.req.valid('param'),
        proposal: c.req.valid('json'),
      });
      return c.json(created, 201);
    })
    .openapi({ ...getRoute, middleware: any }, async (c) => {
      const caller = c.get('caller');
      const row = await loadProposal(deps, { caller, ...c.req.valid('param') });
      const [files, cosigned] = await Promise.all([
        attachmentsOf(deps, row.id),
        caller.kind === 'owner'
          ? hasCosigned(deps, row.id, caller.holderKey)
          : Promise.resolve(null),
      ]);
      return c.json(
        {
          ...toView(row, caller, { cosigned }),
          attachments: files.filter((f) => f.updateId === null),
        },
        200,
      );
    })
    .openapi({ ...openRoute, middleware: any }, async (c) =>
      c.json(await openProposal(deps, { caller: c.get('caller'), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...withdrawRoute, middleware: any }, async (c) =>
      c.json(
        await withdrawProposal(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          reason: c.req.valid('json').reason,
        }),
        200,
      ),
    )
    .openapi({ ...cosignRoute, middleware: any }, async (c) =>
      c.json(await cosign(deps, { caller: c.get('caller'), ...c.req.valid('param') }), 200),
    )
    .openapi({ ...startRoute, middleware: staff }, async (c) =>
      c.json(
        await advanceImplementation(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          to: 'being_implemented',
        }),
        200,
      ),
    )
    .openapi({ ...completeRoute, middleware: staff }, async (c) =>
      c.json(
        await advanceImplementation(deps, {
          caller: c.get('caller'),
          ...c.req.valid('param'),
          to: 'done',
        }),
        200,
      ),
    )
    .openapi({ ...uploadRoute, middleware: any }, async (c) => {
      const created = await addAttachment(deps, {
        caller: c.get('caller'),
        ...c.req.valid('param'),
        file: await uploadedFile(c.req.valid('form').file),
      });
      return c.json(created, 201);
    })
    .openapi({ ...fileRoute, middleware: any }, async (c) => {
      const row = await attachmentFile(deps, { caller: c.get('caller'), ...c.req.valid('param') });
      return c.body(new Uint8Array(row.content), 200, fileHeaders(row));
    })
    .openapi({ ...getSettingsRoute, middleware: any }, async (c) => {
      const t = await thresholdOf(deps.db, c.req.valid('param').communityId);
      return c.json(settingsOf(t), 200);
    })
    .openapi({ ...putSettingsRoute, middleware: staff }, async (c) => {
      const t = await setThreshold(deps, {
        caller: c.get('caller'),
        ...c.req.valid('param'),
        percent: c.req.valid('json').cosignThresholdPercent,
      });
      return c.json(settingsOf(t), 200);
    });
}
