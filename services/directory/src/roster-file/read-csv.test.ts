import { describe, expect, it } from 'vitest';
import { decodeCsv } from './read-csv.ts';
import { readRoster } from './read-roster.ts';
import { HEADER, unitCells } from './test-files.ts';

/** GBK bytes of a text, found by decoding every two-byte GBK code (ASCII stays one byte). */
function gbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const codes = new Map<string, [number, number]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      codes.set(decoder.decode(Uint8Array.of(lead, trail)), [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(codes.get(char) ?? []));
  }
  return Uint8Array.from(bytes);
}

describe('CSV decoding', () => {
  it('encodes the test data as real GBK', () => {
    expect([...gbk('张三')]).toEqual([0xd5, 0xc5, 0xc8, 0xfd]);
  });

  it('reads a GBK-encoded CSV as Chinese Excel saves it', async () => {
    const text = `${HEADER.join(',')}\r\n${unitCells({ 楼栋: '3号楼', 业主: '张三', 共有人: '李四、王五', 类型: '商业' }).join(',')}\r\n`;
    const bytes = gbk(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const { rows, errors } = await readRoster(bytes, 'csv');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      building: '3号楼',
      kind: 'commercial',
      owner: { name: '张三' },
      coOwners: ['李四', '王五'],
    });
  });

  it('reads UTF-8 with and without a BOM alike', () => {
    const plain = new TextEncoder().encode('楼栋,房号');
    const withBom = Uint8Array.of(0xef, 0xbb, 0xbf, ...plain);
    expect(decodeCsv(withBom)).toBe('楼栋,房号');
    expect(decodeCsv(plain)).toBe('楼栋,房号');
  });

  it('reads Excel\'s tab-separated UTF-16 "Unicode text"', async () => {
    const text = `${HEADER.join('\t')}\r\n${unitCells({ 共有人: '李四,王五' }).join('\t')}\r\n`;
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const { rows, errors } = await readRoster(utf16, 'csv');
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ owner: { name: '张三' }, coOwners: ['李四', '王五'] });
  });
});
