/**
 * Files that people upload to a service (a ballot's matter, a proposal, an update's photos): the
 * types allowed, recognised by their first bytes; the checks every upload goes through; safe names
 * to store and the `Content-Disposition` to serve them with.
 *
 * A hand-written check of four signatures rather than the `file-type` package: its current major
 * needs Node 22, and it parses hundreds of formats (ZIP and other containers) of untrusted uploads
 * to recognise the four we accept from their first 12 bytes (docs/architecture.md, "HTTP").
 *
 * @example
 * ```ts
 * import { attachmentTypes, checkAttachment } from '@yishi/app/attachments';
 *
 * // throws validation_failed (file_too_large, file_empty, type_not_allowed, type_mismatch)
 * const contentType = checkAttachment(file, { allowed: attachmentTypes, maxBytes: 10 * 1024 * 1024 });
 * ```
 */
import { validationFailed } from '@yishi/errors';

/** The file types an attachment may be: documents and photos a phone can show. */
export const attachmentTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
] as const;
export type AttachmentType = (typeof attachmentTypes)[number];

/** The images among {@link attachmentTypes}: what a photo may be. */
export const photoTypes: readonly AttachmentType[] = attachmentTypes.filter((type) =>
  type.startsWith('image/'),
);

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/**
 * The type a file's first bytes show, or null when it is none of {@link attachmentTypes}. The
 * declared type and the name's extension are the uploader's word; a script renamed `.pdf` must
 * not be served as a PDF.
 */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** The refusal of a file over `maxBytes` (`size` when known: the body limit cuts before). */
export function attachmentTooLarge(maxBytes: number, size?: number) {
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return validationFailed(
    { zh: `文件不能超过 ${mb} MB`, en: `A file may be at most ${mb} MB` },
    { details: { reason: 'file_too_large', limit: maxBytes, size } },
  );
}

const typeNames: Record<AttachmentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

function onlyTheseTypes(allowed: readonly AttachmentType[]) {
  const names = allowed.map((type) => typeNames[type]);
  const last = names.pop() ?? '';
  const photos = allowed.every((type) => type.startsWith('image/'));
  const zhList = names.length > 0 ? `${names.join('、')} 或 ${last}` : last;
  const enList = names.length > 0 ? `${names.join(', ')} or ${last}` : last;
  return photos
    ? { zh: `只能上传 ${zhList} 照片`, en: `Only ${enList} photos can be attached` }
    : { zh: `只能上传 ${zhList} 文件`, en: `Only ${enList} files can be attached` };
}

/**
 * Checks an upload and answers its type: not empty, at most `maxBytes`, and a type of `allowed`
 * by its first bytes that agrees with the declared one (parameters such as `; charset` aside).
 * Throws `validation_failed` with `details.reason` `file_too_large`, `file_empty`,
 * `type_not_allowed` (the bytes are no allowed type) or `type_mismatch` (they are, but not the
 * declared one), and `declared`, `found` and `allowed`.
 */
export function checkAttachment(
  file: { type: string; bytes: Uint8Array },
  options: { allowed: readonly AttachmentType[]; maxBytes: number },
): AttachmentType {
  const { bytes } = file;
  if (bytes.length > options.maxBytes) throw attachmentTooLarge(options.maxBytes, bytes.length);
  if (bytes.length === 0) {
    throw validationFailed(
      { zh: '文件是空的', en: 'The file is empty' },
      { details: { reason: 'file_empty' } },
    );
  }
  const found = sniffAttachmentType(bytes);
  const declared = (file.type.split(';')[0] ?? '').trim().toLowerCase();
  const allowed = found !== null && options.allowed.includes(found);
  if (!allowed || found !== declared) {
    throw validationFailed(onlyTheseTypes(options.allowed), {
      details: {
        reason: allowed ? 'type_mismatch' : 'type_not_allowed',
        declared,
        found,
        allowed: options.allowed,
      },
    });
  }
  return found;
}

/**
 * A file name safe to store and show: no folders, no control characters, at most 200 characters;
 * `attachment` when nothing is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...clean].slice(0, 200).join('') || 'attachment';
}

/**
 * `Content-Disposition` with an ASCII fallback and the UTF-8 name of RFC 5987 / RFC 6266, so a
 * Chinese file name survives every browser.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
