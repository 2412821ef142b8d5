import { attachmentTypes, contentDisposition } from '@yishi/app/attachments';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { fileTooLarge, maxAttachmentBytes } from '../proposals/attachments.ts';
import { requireCaller } from '../proposals/caller.ts';

export const json = <S extends z.ZodType>(schema: S) => ({
  content: { 'application/json': { schema } },
});
export const jsonBody = <S extends z.ZodType>(schema: S) => ({ required: true, ...json(schema) });
export const security = [{ bearerAuth: [] }];

export const communityParams = z.object({ communityId: z.uuid() });
export const proposalParams = communityParams.extend({ proposalId: z.uuid() });

/** Route middleware as one-element tuples, so handlers see `c.get('caller')`. */
export function callers(deps: Deps) {
  return {
    any: [requireCaller(deps, 'any')] as [ReturnType<typeof requireCaller>],
    owner: [requireCaller(deps, 'owner')] as [ReturnType<typeof requireCaller>],
    staff: [requireCaller(deps, 'staff')] as [ReturnType<typeof requireCaller>],
  };
}

const binary = z.string().openapi({ format: 'binary' });
export const fileContent = Object.fromEntries(
  attachmentTypes.map((type) => [type, { schema: binary }]),
);
export const uploadBody = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: z.object({ file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }) }),
    },
  },
};

/** Refuses an upload over the attachment limit (with room for the multipart envelope) as it streams in. */
export const uploadLimit = () =>
  bodyLimit({
    maxSize: maxAttachmentBytes + 64 * 1024,
    onError: () => {
      throw fileTooLarge();
    },
  });

/** The multipart `file` of an {@link uploadBody}, read for `addAttachment`. */
export const uploadedFile = async (file: File) => ({
  name: file.name,
  type: file.type,
  bytes: new Uint8Array(await file.arrayBuffer()),
});

/** Headers of a stored file: its sniffed type, a name that survives Chinese, no sniffing. */
export const fileHeaders = (row: { contentType: string; fileName: string; sha256: string }) => ({
  'content-type': row.contentType,
  'content-disposition': contentDisposition('inline', row.fileName),
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, no-store',
  etag: `"${row.sha256}"`,
});

export const text = (max: number) => z.string().trim().min(1).max(max);
