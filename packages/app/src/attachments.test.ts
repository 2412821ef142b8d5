import { AppError } from '@yishi/errors';
import { describe, expect, it } from 'vitest';
import {
  type AttachmentType,
  attachmentTooLarge,
  attachmentTypes,
  checkAttachment,
  cleanFileName,
  contentDisposition,
  photoTypes,
  sniffAttachmentType,
} from './attachments.ts';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p)] : p)));

describe('sniffAttachmentType', () => {
  it('recognises each allowed type by its first bytes', () => {
    expect(sniffAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses anything else, whatever its name says', () => {
    expect(sniffAttachmentType(bytes('<html><script>alert(1)</script>'))).toBeNull();
    expect(sniffAttachmentType(bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '))).toBeNull();
    expect(sniffAttachmentType(bytes('%PD'))).toBeNull();
    expect(sniffAttachmentType(new Uint8Array())).toBeNull();
  });
});

describe('file names', () => {
  it('drops folders and control characters', () => {
    expect(cleanFileName('C:\\Users\\x\\方案.pdf')).toBe('方案.pdf');
    expect(cleanFileName('../../etc/passwd\n')).toBe('passwd');
    expect(cleanFileName(' /\u0000 ')).toBe('attachment');
  });

  it('writes an RFC 5987 name beside an ASCII fallback', () => {
    expect(contentDisposition('inline', '消防门 "报价".pdf')).toBe(
      `inline; filename="___ ____.pdf"; filename*=UTF-8''%E6%B6%88%E9%98%B2%E9%97%A8%20%22%E6%8A%A5%E4%BB%B7%22.pdf`,
    );
    expect(contentDisposition('attachment', "a'b.png")).toBe(
      `attachment; filename="a'b.png"; filename*=UTF-8''a%27b.png`,
    );
  });
});

describe('checkAttachment', () => {
  const pdf = bytes('%PDF-1.7\n');
  const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const refusal = (
    file: { type: string; bytes: Uint8Array },
    allowed: readonly AttachmentType[] = attachmentTypes,
  ) => {
    try {
      checkAttachment(file, { allowed, maxBytes: 16 });
    } catch (error) {
      if (error instanceof AppError)
        return { code: error.code, message: error.messages.zh, ...error.details };
      throw error;
    }
    throw new Error('accepted');
  };

  it('answers the type the bytes show when it is allowed and declared', () => {
    expect(
      checkAttachment(
        { type: 'Application/PDF; x=1', bytes: pdf },
        { allowed: attachmentTypes, maxBytes: 16 },
      ),
    ).toBe('application/pdf');
    expect(
      checkAttachment({ type: 'image/png', bytes: png }, { allowed: photoTypes, maxBytes: 16 }),
    ).toBe('image/png');
  });

  it('refuses an empty file and one over the limit, the limit included in the answer', () => {
    expect(refusal({ type: 'application/pdf', bytes: new Uint8Array() })).toMatchObject({
      code: 'validation_failed',
      reason: 'file_empty',
    });
    const big = new Uint8Array(17);
    big.set(pdf);
    expect(refusal({ type: 'application/pdf', bytes: big })).toMatchObject({
      reason: 'file_too_large',
      limit: 16,
      size: 17,
    });
  });

  it('tells a type that is not allowed from one declared wrongly', () => {
    expect(refusal({ type: 'application/pdf', bytes: bytes('<script>') })).toMatchObject({
      reason: 'type_not_allowed',
      found: null,
    });
    expect(refusal({ type: 'application/pdf', bytes: png })).toMatchObject({
      reason: 'type_mismatch',
      declared: 'application/pdf',
      found: 'image/png',
    });
    // A real PDF where only photos are allowed is not allowed, whatever it is declared as.
    expect(refusal({ type: 'application/pdf', bytes: pdf }, photoTypes)).toMatchObject({
      reason: 'type_not_allowed',
      found: 'application/pdf',
    });
  });

  it('names the allowed types in its sentence', () => {
    expect(attachmentTooLarge(10 * 1024 * 1024).messages).toEqual({
      zh: '文件不能超过 10 MB',
      en: 'A file may be at most 10 MB',
    });
    expect(refusal({ type: 'text/html', bytes: bytes('<p>') }).message).toBe(
      '只能上传 PDF、JPEG、PNG 或 WebP 文件',
    );
    expect(refusal({ type: 'text/html', bytes: bytes('<p>') }, photoTypes).message).toBe(
      '只能上传 JPEG、PNG 或 WebP 照片',
    );
  });
});
