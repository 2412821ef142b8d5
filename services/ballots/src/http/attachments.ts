import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { attachmentTypes, contentDisposition } from '@yishi/app/attachments';
import { assertCommunityAccess, requireStaff, type StaffRole } from '@yishi/auth';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import {
  addAttachment,
  attachmentsOf,
  fileTooLarge,
  maxAttachmentBytes,
  ownerAttachment,
  removeAttachment,
  staffAttachment,
} from '../ballots/attachments.ts';
import { loadBallot } from '../ballots/load.ts';
import type { Deps } from '../context.ts';
import type { matterAttachments } from '../db/schema/index.ts';
import { ballotParams, json, security } from './schemas.ts';

const committee: StaffRole[] = ['committee_admin', 'committee_member'];
const matterParams = ballotParams.extend({ matterId: z.uuid() });
const attachmentParams = matterParams.extend({ attachmentId: z.uuid() });

const attachmentSchema = z.object({
  id: z.uuid(),
  matterId: z.uuid(),
  fileName: z.string(),
  contentType: z.enum(attachmentTypes),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
const binary = z.string().openapi({ format: 'binary' });
const fileContent = Object.fromEntries(attachmentTypes.map((type) => [type, { schema: binary }]));

const uploadRoute = createRoute({
  method: 'post',
  path: '/communities/{communityId}/ballots/{ballotId}/matters/{matterId}/attachments',
  tags: ['attachments'],
  summary: 'Attach a PDF or image to a draft’s matter (recorded in the audit log)',
  description: `Multipart field \`file\`. PDF, JPEG, PNG or WebP, recognised by the file’s first bytes, which must agree with the declared type (details.reason type_not_allowed or type_mismatch); at most ${maxAttachmentBytes} bytes (file_too_large) and 10 per matter (409 too_many_attachments). Only while the ballot is a draft (409 not_draft); the hashes are recorded in the audit entry at opening.`,
  security,
  request: {
    params: matterParams,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Attached', ...json(attachmentSchema) },
    ...errorResponses(400, 401, 403, 404, 409),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/matters/{matterId}/attachments',
  tags: ['attachments'],
  summary: "A matter's attachments, oldest first",
  security,
  request: { params: matterParams },
  responses: {
    200: { description: 'Attachments', ...json(z.object({ items: z.array(attachmentSchema) })) },
    ...errorResponses(401, 403, 404),
  },
});

const staffFileRoute = createRoute({
  method: 'get',
  path: '/communities/{communityId}/ballots/{ballotId}/matters/{matterId}/attachments/{attachmentId}',
  tags: ['attachments'],
  summary: 'An attachment’s file',
  security,
  request: { params: attachmentParams },
  responses: {
    200: { description: 'The file', content: fileContent },
    ...errorResponses(401, 403, 404),
  },
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/communities/{communityId}/ballots/{ballotId}/matters/{matterId}/attachments/{attachmentId}',
  tags: ['attachments'],
  summary: 'Remove an attachment from a draft (recorded in the audit log)',
  security,
  request: { params: attachmentParams },
  responses: {
    204: { description: 'Removed' },
    ...errorResponses(401, 403, 404, 409),
  },
});

const ownerFileRoute = createRoute({
  method: 'get',
  path: '/v/{token}/attachments/{attachmentId}',
  tags: ['voting'],
  summary: 'An attachment of the ballot this link belongs to',
  request: {
    params: z.object({ token: z.string().min(10).max(200), attachmentId: z.uuid() }),
  },
  responses: {
    200: { description: 'The file', content: fileContent },
    ...errorResponses(403, 404),
  },
});

/** The stored file with its type, a name that survives Chinese, and no sniffing by browsers. */
function fileHeaders(row: typeof matterAttachments.$inferSelect) {
  return {
    'content-type': row.contentType,
    'content-disposition': contentDisposition('inline', row.fileName),
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    etag: `"${row.sha256}"`,
  };
}

/** Attachments of matters: staff add and read them, owners read those of their own ballot. */
export function attachmentsRouter(deps: Deps) {
  const anyStaff: [ReturnType<typeof requireStaff>] = [requireStaff({ verifier: deps.verifier })];
  const committeeOnly: [ReturnType<typeof requireStaff>] = [
    requireStaff({ verifier: deps.verifier, roles: committee }),
  ];
  // Multipart adds a few hundred bytes around the file.
  const limit = bodyLimit({
    maxSize: maxAttachmentBytes + 64 * 1024,
    onError: () => {
      throw fileTooLarge();
    },
  });
  const router = createRouter();
  // Before the route's own middleware: a declared length over the limit is refused unread.
  router.use(uploadRoute.getRoutingPath(), limit);
  return router
    .openapi({ ...uploadRoute, middleware: committeeOnly }, async (c) => {
      const { file } = c.req.valid('form');
      const created = await addAttachment(deps, {
        staff: c.get('staff'),
        ...c.req.valid('param'),
        file: { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) },
      });
      return c.json(
        { ...created, contentType: created.contentType as (typeof attachmentTypes)[number] },
        201,
      );
    })
    .openapi({ ...listRoute, middleware: anyStaff }, async (c) => {
      const { communityId, ballotId, matterId } = c.req.valid('param');
      assertCommunityAccess(c.get('staff'), communityId);
      await loadBallot(deps.db, { communityId, ballotId });
      const items = await attachmentsOf(deps.db, ballotId, matterId);
      return c.json(
        {
          items: items.map((a) => ({
            ...a,
            contentType: a.contentType as (typeof attachmentTypes)[number],
          })),
        },
        200,
      );
    })
    .openapi({ ...staffFileRoute, middleware: anyStaff }, async (c) => {
      const row = await staffAttachment(deps, { staff: c.get('staff'), ...c.req.valid('param') });
      return c.body(new Uint8Array(row.content), 200, fileHeaders(row));
    })
    .openapi({ ...removeRoute, middleware: committeeOnly }, async (c) => {
      const { matterId: _, ...params } = c.req.valid('param');
      await removeAttachment(deps, { staff: c.get('staff'), ...params });
      return c.body(null, 204);
    })
    .openapi(ownerFileRoute, async (c) => {
      const row = await ownerAttachment(deps, c.req.valid('param'));
      return c.body(new Uint8Array(row.content), 200, fileHeaders(row));
    });
}
