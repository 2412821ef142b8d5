import { describe, expect, it } from 'vitest';
import { cleanFileName, contentDisposition, sniffAttachmentType } from './file-type.ts';

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
