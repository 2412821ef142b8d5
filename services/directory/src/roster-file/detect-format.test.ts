import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format.ts';

const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00);
const xls = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const text = new TextEncoder().encode('楼栋,房号\n');

describe('detectFormat', () => {
  it('takes a ZIP container for XLSX whatever its name', () => {
    expect(detectFormat('名册.xlsx', zip)).toBe('xlsx');
    expect(detectFormat('名册.csv', zip)).toBe('xlsx');
    expect(detectFormat('名册', zip)).toBe('xlsx');
  });

  it('takes text with a CSV-like extension for CSV', () => {
    expect(detectFormat('名册.CSV', text)).toBe('csv');
    expect(detectFormat('名册.txt', text)).toBe('csv');
  });

  it('refuses the old binary .xls and unknown files', () => {
    expect(detectFormat('名册.xls', xls)).toBeNull();
    expect(detectFormat('名册.csv', xls)).toBeNull();
    expect(detectFormat('名册.xlsx', text)).toBeNull();
    expect(detectFormat('名册.pdf', text)).toBeNull();
  });
});
